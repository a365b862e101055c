from . import res_company
from . import review_inbox_settings
from . import crm_team
from . import review_place
from . import sale_order
from . import review_request
from . import review_message
from . import account_move
