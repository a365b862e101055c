from . import res_company
from . import review_place
from . import review_inbox_settings
from . import review_message
from . import helpdesk_ticket
