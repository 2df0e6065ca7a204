"""Registry API (机构编制): regions, categories, units with their 三定, internal bodies, posts, persons and
staffing figures. Mounted at /api/registry/; one module per kind of object, their schemas in `schemas`.

Who may do what (docs/permissions.md):
- every signed-in user reads regions and categories (reference data); only office administrators change them;
- units and everything in them are read through `visible_to(user)`: a unit outside the user's scope is a 404;
- office administrators create, change and delete units; a unit contact changes its own unit's descriptive
  fields (UNIT_CONTACT_FIELDS) and creates, changes and deletes its internal bodies, posts and persons;
- every other role reads only (403 on writes to what it can see, 404 on what it cannot).
"""

from django.utils.translation import gettext_lazy
from ninja import Router

from . import figures, people, regions, sanding, units

router = Router(tags=[gettext_lazy("机构编制")])
# In this order, the operations appear in the OpenAPI document as before. Operations on one path share a module.
for module in (regions, units, people, sanding, figures):
    router.add_router("", module.router, tags=[gettext_lazy("机构编制")])
