from . import test_gesture_order
from . import test_redemption
from . import test_demo
from . import test_ui_gesture_order
from . import test_never_conditional
from . import test_translations
