from . import res_company
from . import review_inbox_settings
from . import loyalty_card
from . import review_message
from . import review_common_reply
