from . import review_delegate_wizard
