from . import test_pos_sync
from . import test_pos_settings
from . import test_pos_access
from . import test_receipt_link
from . import test_ui
from . import test_translations
