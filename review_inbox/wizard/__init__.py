from . import review_wizard_mixin
from . import review_hold_wizard
from . import review_call_wizard
from . import review_forward_wizard
from . import review_delegate_wizard
from . import review_share_wizard
from . import mail_resend_message
