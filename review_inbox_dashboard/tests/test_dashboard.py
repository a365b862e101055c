import base64
import json

from odoo.tests import new_test_user, tagged
from odoo.tools import file_open

from odoo.addons.review_inbox.tests.common import ReviewInboxCase

DASHBOARD_FILE = "review_inbox_dashboard/data/files/reviews_dashboard.json"


def dashboard_data():
    with file_open(DASHBOARD_FILE) as f:
        return json.load(f)


def data_sources(data):
    """(name, model, measures, groupbys, field matching) of every pivot and
    chart of the dashboard."""
    sources = []
    for pivot in data["pivots"].values():
        groupbys = [
            dim["fieldName"]
            + (f":{dim['granularity']}" if "granularity" in dim else "")
            for dim in pivot["rows"] + pivot["columns"]
        ]
        measures = [m["fieldName"] for m in pivot["measures"]]
        sources.append(
            (pivot["name"], pivot["model"], measures, groupbys, pivot["fieldMatching"])
        )
    for sheet in data["sheets"]:
        for figure in sheet["figures"]:
            meta = figure["data"].get("metaData")
            if meta:
                sources.append(
                    (
                        figure["id"],
                        meta["resModel"],
                        [meta["measure"]],
                        meta["groupBy"],
                        figure["data"]["fieldMatching"],
                    )
                )
    return sources


@tagged("post_install", "-at_install")
class TestReviewsDashboard(ReviewInboxCase):
    def test_the_file_is_the_dashboards(self):
        dashboard = self.env.ref("review_inbox_dashboard.spreadsheet_dashboard_reviews")
        stored = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        self.assertEqual(stored, dashboard_data())
        self.assertEqual(dashboard.main_data_model_ids.model, "review.report")
        self.assertTrue(dashboard.is_published)

    def test_data_sources_exist(self):
        """Every pivot and chart reads review.report: its measures aggregate,
        its groupings group, its filters match fields."""
        data = dashboard_data()
        filters = {f["id"]: f for f in data["globalFilters"]}
        sources = data_sources(data)
        self.assertEqual(len(sources), 3, "two pivots and a chart")
        for name, model, measures, groupbys, matching in sources:
            with self.subTest(source=name):
                self.assertEqual(model, "review.report")
                fields = self.env[model].fields_get(
                    attributes=["aggregator", "groupable", "type", "relation"]
                )
                for measure in measures:
                    self.assertTrue(fields[measure]["aggregator"], measure)
                for groupby in groupbys:
                    self.assertTrue(fields[groupby.split(":")[0]]["groupable"], groupby)
                self.assertEqual(set(matching), set(filters))
                for filter_id, match in matching.items():
                    field = fields[match["chain"]]
                    self.assertEqual(field["type"], match["type"])
                    if filters[filter_id]["type"] == "relation":
                        self.assertEqual(
                            field["relation"], filters[filter_id]["modelName"]
                        )
        for global_filter in data["globalFilters"]:
            if global_filter["type"] == "relation":
                self.assertIn(global_filter["modelName"], self.env)

    def test_figures_of_the_users_places(self):
        """What the dashboard asks, as place staff: their place only."""
        _name, _model, measures, groupbys, _matching = data_sources(dashboard_data())[1]
        report = self.env["review.report"].with_user(self.user_a)
        rows = report.read_group(
            [], [f"{m}:avg" for m in measures], groupbys, lazy=False
        )
        self.assertEqual(len(rows), 1, "Place A is in one group, of this month")
        self.assertEqual(rows[0]["place_group_ids"][0], self.group_ab.id)
        self.assertAlmostEqual(rows[0]["rating_avg"], 2.5, msg="Place A's reviews")

    def test_shown_to_review_users_only(self):
        dashboard = self.env.ref("review_inbox_dashboard.spreadsheet_dashboard_reviews")
        employee = new_test_user(
            self.env, login="dashboard_employee", groups="base.group_user"
        )
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.user_a, self.viewer, self.manager):
            self.assertIn(dashboard, Dashboard.with_user(user).search([]))
            snapshot = dashboard.with_user(user).get_readonly_dashboard()["snapshot"]
            self.assertEqual(snapshot["pivots"].keys(), {"1", "2"})
        self.assertNotIn(dashboard, Dashboard.with_user(employee).search([]))
