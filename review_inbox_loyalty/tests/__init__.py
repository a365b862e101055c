from . import test_gesture
from . import test_gesture_access
from . import test_reply_code
from . import test_redemption
from . import test_never_conditional
from . import test_settings
from . import test_ui_loyalty
from . import test_translations
