import base64
import io

from lxml import html as lxml_html
from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import ReviewInboxCase

REPORT = "review_inbox.action_report_review_place_poster"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URI_PREFIX = "data:image/png;base64,"


@tagged("post_install", "-at_install")
class TestPlacePoster(ReviewInboxCase, HttpCase):
    """The printable QR-code poster of a place's public review form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["ir.actions.report"]

    def _render_html(self, places, user=None):
        html, report_type = self.Report.with_user(
            user or self.manager
        )._render_qweb_html(REPORT, places.ids)
        self.assertEqual(report_type, "html")
        return lxml_html.fromstring(html)

    def _qr_image(self, page):
        """The PNG of the page's QR code, from its data URI."""
        sources = [
            img.get("src")
            for img in page.iter("img")
            if (img.get("src") or "").startswith(DATA_URI_PREFIX)
            and "QR" in (img.get("alt") or "")
        ]
        self.assertEqual(len(sources), 1, "one embedded QR code per poster")
        return base64.b64decode(sources[0].removeprefix(DATA_URI_PREFIX))

    def _share_of_pixels_unlike(self, image, url):
        """How much of ``image`` differs from the QR code Odoo draws for
        ``url`` (anti-aliased: its grey edge pixels count as either)."""
        png = self.Report.barcode(
            "QR", url, width=800, height=800, quiet=False, barLevel="M"
        )
        drawn = Image.open(io.BytesIO(png)).convert("L")
        self.assertEqual(drawn.size, image.size)
        unlike = sum(
            1
            for got, want in zip(image.getdata(), drawn.getdata(), strict=True)
            if (want < 64 and got) or (want > 192 and not got)
        )
        return unlike / (image.width * image.height)

    def test_html_one_page_per_place_with_its_own_qr_code(self):
        places = self.place_a | self.place_b
        pages = self._render_html(places).find_class("o_review_place_poster")
        self.assertEqual(len(pages), 2, "one poster per place")
        others = (self.place_b, self.place_a)
        for place, other, page in zip(places, others, pages, strict=True):
            text = page.text_content()
            self.assertIn(place.name, text)
            self.assertIn(place.review_form_url, text)
            self.assertIn(f"/review/place/{place.review_form_key}", text)
            self.assertNotIn(other.review_form_key, text)
            self.assertIn("How was your visit?", text)

            png = self._qr_image(page)
            self.assertTrue(png.startswith(PNG_MAGIC), "a real PNG")
            image = Image.open(io.BytesIO(png)).convert("L")
            self.assertEqual(image.size, (800, 800))
            self.assertEqual(
                set(image.getdata()),
                {0, 255},
                "pure black and white, no grey seams between modules",
            )
            # No QR decoder ships with Odoo: the image must be the symbol Odoo
            # draws for this place's own address, not for the other place's.
            self.assertEqual(
                self._share_of_pixels_unlike(image, place.review_form_url), 0
            )
            self.assertGreater(
                self._share_of_pixels_unlike(image, other.review_form_url), 0.05
            )

    def test_pdf(self):
        self.assertEqual(
            self.Report.get_wkhtmltopdf_state(),
            "ok",
            "PDF reports need wkhtmltopdf (scripts/setup.sh installs it)",
        )
        places = self.place_a | self.place_b
        pdf, report_type = (
            self.Report.with_user(self.manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, places.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(
            len(PdfFileReader(io.BytesIO(pdf)).pages), 2, "one A4 page per place"
        )

    def test_print_button(self):
        action = self.place_a.with_user(self.manager).action_print_review_poster()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "review_inbox.report_review_place_poster"
        )
        self.assertEqual(action["report_type"], "qweb-pdf")
        self.assertEqual(action["context"]["active_ids"], self.place_a.ids)

    def test_print_menu_and_button_for_managers_only(self):
        """The poster prints the review form address, which only managers
        read: neither the button nor the Print menu shows to others."""
        report = self.env.ref(REPORT)
        for user, shown in (
            (self.manager, True),
            (self.viewer, False),
            (self.user_a, False),
        ):
            views = (
                self.env["review.place"]
                .with_user(user)
                .get_views([(False, "form")], {"toolbar": True})
            )
            form = views["views"]["form"]
            self.assertEqual(
                "action_print_review_poster" in form["arch"], shown, user.login
            )
            prints = [
                action["id"] for action in form.get("toolbar", {}).get("print", [])
            ]
            self.assertEqual(report.id in prints, shown, user.login)

    def test_other_company_cannot_print(self):
        with self.assertRaises(AccessError):
            self._render_html(self.place_a, user=self.manager_y)
        with self.assertRaises(AccessError):
            self.place_a.with_user(self.manager_y).action_print_review_poster()
        # nor can staff, even of the place
        with self.assertRaises(AccessError):
            self._render_html(self.place_a, user=self.user_a)
        with self.assertRaises(AccessError):
            self.place_a.with_user(self.user_a).action_print_review_poster()

    def test_no_poster_without_a_working_form(self):
        self.place_b.review_form_key = False
        with self.assertRaisesRegex(UserError, "Place B has no review form address"):
            self._render_html(self.place_a | self.place_b)
        with self.assertRaisesRegex(UserError, "Place B has no review form address"):
            self.place_b.with_user(self.manager).action_print_review_poster()
        self.place_a.active = False
        with self.assertRaisesRegex(UserError, "Place A is archived"):
            self._render_html(self.place_a)
        with self.assertRaisesRegex(UserError, "Place A is archived"):
            self.place_a.with_user(self.manager).action_print_review_poster()
