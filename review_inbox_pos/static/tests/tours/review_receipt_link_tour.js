import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";

const SHORT_URL_RE = /^https?:\/\/[^/]+\/rv\/[A-Za-z0-9_-]{43}$/;

/**
 * What a phone's camera reads in the QR code image at `src`.
 *
 * @param {string} src
 * @returns {Promise<string>}
 */
async function decodeQrCode(src) {
    const image = new Image();
    image.src = src;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    canvas.getContext("2d").drawImage(image, 0, 0);
    const {ZXing} = window;
    // the library reads every other image inverted (white on black codes,
    // for the camera): a second reading is the plain one
    let error;
    for (let reading = 0; reading < 2; reading++) {
        const bitmap = new ZXing.BinaryBitmap(
            new ZXing.HybridBinarizer(
                new ZXing.HTMLCanvasElementLuminanceSource(canvas)
            )
        );
        try {
            return new ZXing.QRCodeReader().decode(bitmap).getText();
        } catch (notFound) {
            error = notFound;
        }
    }
    throw new Error(`No QR code read in the image (${error?.constructor?.name})`);
}

/**
 * A walk-in customer's receipt carries the QR code and the short address of
 * the order's rating link; the customer opens it and rates (as a phone
 * would, from the same browser).
 */
registry.category("web_tour.tours").add("ReviewInboxPosReceiptLinkTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.addOrderline("Desk Pad", "1"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            {
                content: "the receipt shows the short address of the rating link",
                trigger: ".pos-receipt .o_review_receipt_link .o_review_receipt_url",
                run() {
                    const url = this.anchor.textContent.trim();
                    if (!SHORT_URL_RE.test(url)) {
                        throw new Error(`Not a short rating address: ${url}`);
                    }
                },
            },
            {
                content: "the QR code on the receipt holds that address",
                trigger: ".pos-receipt .o_review_receipt_link img.o_review_receipt_qr",
                async run() {
                    const url = document
                        .querySelector(".pos-receipt .o_review_receipt_url")
                        .textContent.trim();
                    if (!this.anchor.src.startsWith("data:image/svg+xml;base64,")) {
                        throw new Error("The QR code is not drawn by the POS itself");
                    }
                    const text = await decodeQrCode(this.anchor.src);
                    if (text !== url) {
                        throw new Error(`The QR code holds ${text}, not ${url}`);
                    }
                },
            },
            {
                content: "the customer opens the address and rates the visit",
                trigger: ".pos-receipt .o_review_receipt_url",
                async run() {
                    const url = this.anchor.textContent.trim();
                    const page = await fetch(url);
                    const html = await page.text();
                    if (!page.ok || !page.url.includes("/review/rate/")) {
                        throw new Error(`The rating page did not open: ${page.status}`);
                    }
                    const doc = new DOMParser().parseFromString(html, "text/html");
                    const form = doc.querySelector("form.o_review_rate_form");
                    const body = new FormData();
                    body.append(
                        "csrf_token",
                        form.querySelector("input[name='csrf_token']").value
                    );
                    body.append("rating", "4");
                    body.append("comment", "Rated from the receipt");
                    const posted = await fetch(page.url, {method: "POST", body});
                    if (!posted.ok || !posted.url.includes("/review/rate/thanks")) {
                        throw new Error(`The rating was not stored: ${posted.status}`);
                    }
                },
            },
            ReceiptScreen.clickNextOrder(),
        ].flat(),
});
