from lvzhi.campaigns.models import Notification


def test_the_navigation_bar_counts_the_users_unread_notifications(world, login):
    contact = world.users.contact_a
    Notification.objects.create(user=contact, text="自评被退回修改")
    Notification.objects.create(user=contact, text="已读的通知", read_at="2026-11-20T10:00:00+08:00")
    Notification.objects.create(user=world.users.contact_b, text="别人的通知")

    page = login(contact).get("/").content.decode()

    assert 'id="nav-notifications"' in page
    badge = page.split('id="nav-notifications"', 1)[1].split("</a>", 1)[0]
    assert ">1</span>" in badge


def test_no_badge_when_everything_is_read(world, login):
    page = login(world.users.contact_b).get("/").content.decode()
    badge = page.split('id="nav-notifications"', 1)[1].split("</a>", 1)[0]
    assert "badge" not in badge


def test_rooms_a_role_may_not_use_are_not_in_its_navigation(world, login):
    contact_page = login(world.users.contact_a).get("/").content.decode()
    admin_page = login(world.users.admin).get("/").content.decode()
    assert "/users/" not in contact_page
    assert "/users/" in admin_page
    assert "/registry/regions/" not in contact_page
    assert "/registry/io/" in contact_page  # exports of its own unit
