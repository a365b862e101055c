import {PivotModel} from "@web/views/pivot/pivot_model";
import {pivotView} from "@web/views/pivot/pivot_view";
import {registry} from "@web/core/registry";

/**
 * The domain of several normalized domains, as the server's
 * expression.AND combines them: the ones always true left out, one always
 * false makes it false.
 *
 * @param {Array[]} domains
 * @returns {Array}
 */
export function andDomains(domains) {
    const isConstant = (domain, left) =>
        domain.length === 1 &&
        Array.isArray(domain[0]) &&
        domain[0][0] === left &&
        domain[0][1] === "=" &&
        domain[0][2] === 1;
    const leaves = [];
    let count = 0;
    for (const domain of domains) {
        if (isConstant(domain, 1)) {
            continue;
        }
        if (isConstant(domain, 0)) {
            return [[0, "=", 1]];
        }
        leaves.push(...domain);
        count++;
    }
    if (!count) {
        return [[1, "=", 1]];
    }
    return [...new Array(count - 1).fill("&"), ...leaves];
}

/**
 * The groups of read_group from the columns of review.report's read_pivot.
 *
 * @param {object} columns
 * @returns {object[]}
 */
export function groupsOfColumns({length, domain, groupby, aggregates}) {
    const groups = [];
    for (let row = 0; row < length; row++) {
        const group = {};
        const domains = [domain];
        for (const {key, values, domains: valueDomains, index} of groupby) {
            group[key] = values[index[row]];
            domains.push(valueDomains[index[row]]);
        }
        for (const [name, column] of Object.entries(aggregates)) {
            group[name] = column[row];
        }
        group.__domain = andDomains(domains);
        groups.push(group);
    }
    return groups;
}

/**
 * The reviews analysis' pivot reads its groups in columns (read_pivot):
 * a manager's pivot of every place by month has thousands of groups, which
 * read_group sends as one object each, with its domain and range.
 */
export class ReviewReportPivotModel extends PivotModel {
    async _getSubGroups(groupBy, params) {
        if (this.orm.isSample) {
            return super._getSubGroups(...arguments);
        }
        const {resModel, groupDomain, measureSpecs, kwargs, mapping} = params;
        const key = JSON.stringify(groupBy);
        if (!mapping[key]) {
            mapping[key] = this.orm
                .call(resModel, "read_pivot", [groupDomain, measureSpecs, groupBy], {
                    context: kwargs.context,
                })
                .then(groupsOfColumns);
        }
        return mapping[key];
    }
}

registry.category("views").add("review_report_pivot", {
    ...pivotView,
    Model: ReviewReportPivotModel,
});
