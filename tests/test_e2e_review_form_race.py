"""The public review form's rate limit, against parallel posts on a real
threaded server: the attack that once had 15 of 15 posts accepted."""

import re
import threading

import requests

POSTS = 15
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_parallel_posts_accept_exactly_the_limit(odoo_server, admin):
    company_id = admin.execute_kw("res.users", "read", [[admin.uid], ["company_id"]])[
        0
    ]["company_id"][0]
    limit = admin.execute_kw(
        "res.company", "read", [[company_id], ["review_form_rate_limit"]]
    )[0]["review_form_rate_limit"]
    assert limit < POSTS
    place_id = admin.execute_kw(
        "review.place",
        "create",
        [{"name": "Race place", "code": "RACE01", "company_id": company_id}],
    )
    key = admin.execute_kw("review.place", "read", [[place_id], ["review_form_key"]])[
        0
    ]["review_form_key"]
    url = f"{odoo_server.url}/review/place/{key}"
    # each client has its own session and CSRF token, as browsers would
    clients = []
    for _i in range(POSTS):
        session = requests.Session()
        page = session.get(url, timeout=60)
        assert page.status_code == 200, page.text
        clients.append((session, CSRF_RE.search(page.text).group(1)))
    offset = odoo_server.log_offset()
    barrier = threading.Barrier(POSTS)
    statuses, errors = [], []

    def post(session, csrf_token):
        try:
            barrier.wait(timeout=60)
            response = session.post(
                url,
                data={"csrf_token": csrf_token, "rating": "4", "comment": "Race"},
                allow_redirects=False,
                timeout=120,
            )
            statuses.append(response.status_code)
        except Exception as error:  # asserted below, in the main thread
            errors.append(error)

    threads = [threading.Thread(target=post, args=client) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors
    assert sorted(statuses) == [303] * limit + [429] * (POSTS - limit)
    stored = admin.execute_kw(
        "review.message", "search_count", [[("place_id", "=", place_id)]]
    )
    assert stored == limit, "nothing stored beyond the limit"
    assert not odoo_server.log_problems(offset), odoo_server.log_problems(offset)
