from . import pos_config
from . import pos_order
from . import res_company
from . import res_config_settings
from . import review_inbox_settings
from . import review_message
from . import review_request
