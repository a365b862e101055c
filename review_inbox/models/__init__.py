from . import res_company
from . import res_config_settings
from . import review_category
from . import review_place_group
from . import review_place
from . import review_message
from . import review_conversation
from . import review_common_reply
