from . import test_review_message
from . import test_access
from . import test_access_rpc
from . import test_ui
from . import test_wizards
