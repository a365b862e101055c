from . import review_gesture_wizard
