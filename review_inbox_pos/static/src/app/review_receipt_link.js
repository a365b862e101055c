import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {PaymentScreen} from "@point_of_sale/app/screens/payment_screen/payment_screen";
import {patch} from "@web/core/utils/patch";

/**
 * The one-time rating link of a receipt, made here when the order is
 * finalized, so that it prints offline too: 256 random bits in base64url
 * (43 characters, as the server's secrets.token_urlsafe(32)). It stays with
 * the order in the browser (uiState, kept offline) and goes to the server
 * with the order (`review_token`), which keeps only its hash.
 *
 * @returns {string} a new raw token
 */
export function makeReviewToken() {
    const bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    const binary = String.fromCharCode(...bytes);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The QR code of `url` as an image source, drawn here: the token never
 * travels to a server to be drawn (the invoice's QR code of point_of_sale is
 * drawn by the server's /report/barcode, which fails offline and would log
 * the token).
 *
 * @param {string} url
 * @returns {string} a data: URI of an SVG image
 */
export function reviewQrCodeSrc(url) {
    const writer = new window.ZXing.BrowserQRCodeSvgWriter();
    const svgElement = writer.write(url, 200, 200);
    // the writer draws the dark modules only: give the code its white
    // ground (and quiet zone), whatever it is printed or shown on
    const ground = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    ground.setAttribute("width", "100%");
    ground.setAttribute("height", "100%");
    ground.setAttribute("fill", "#ffffff");
    svgElement.prepend(ground);
    const svg = new XMLSerializer().serializeToString(svgElement);
    return `data:image/svg+xml;base64,${window.btoa(svg)}`;
}

patch(PosOrder.prototype, {
    /**
     * A receipt carries a rating link when its point of sale prints them
     * and nobody can be emailed: a walk-in customer, or one without an email
     * address. Never on a refund.
     */
    get reviewReceiptLinkWanted() {
        return Boolean(
            this.config.review_receipt_qr &&
                !this.partner_id?.email &&
                !this._isRefundOrder()
        );
    },
    ensureReviewToken() {
        if (!this.uiState.reviewToken && this.reviewReceiptLinkWanted) {
            this.uiState.reviewToken = makeReviewToken();
        }
    },
    serialize(options = {}) {
        const data = super.serialize(...arguments);
        if (options.orm && this.finalized && this.uiState?.reviewToken) {
            data.review_token = this.uiState.reviewToken;
        }
        return data;
    },
    export_for_printing(baseUrl, headerData) {
        const data = super.export_for_printing(...arguments);
        const token = this.finalized && this.uiState?.reviewToken;
        if (token) {
            const url = `${baseUrl}/rv/${token}`;
            data.reviewReceiptLink = {url, qrCode: reviewQrCodeSrc(url)};
        }
        return data;
    },
});

patch(PaymentScreen.prototype, {
    async _finalizeValidation() {
        // before the order is saved (online) or kept for later (offline)
        this.currentOrder.ensureReviewToken();
        return super._finalizeValidation(...arguments);
    },
});
