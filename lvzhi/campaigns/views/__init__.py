"""Campaign pages, one module per part of the process (see lvzhi/campaigns/urls.py)."""
