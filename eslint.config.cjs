// ESLint flat config for the Odoo 18 web client code of every addon: OWL
// components, patches and tours are ES modules (static/src, static/tests);
// Odoo's own globals are declared read-only. Run by pre-commit with the
// packages it pins (eslint, eslint-plugin-jsdoc, globals).
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

const odooGlobals = {
    _: "readonly",
    $: "readonly",
    fuzzy: "readonly",
    jQuery: "readonly",
    luxon: "readonly",
    moment: "readonly",
    odoo: "readonly",
    openerp: "readonly",
    owl: "readonly",
    QUnit: "readonly",
};

module.exports = [
    {
        ignores: ["**/static/lib/**", "**/static/src/lib/**"],
    },
    {
        files: ["**/*.js"],
        plugins: {jsdoc},
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "script",
            globals: {...globals.browser, ...odooGlobals},
        },
        rules: {
            // Mistakes: fail
            "no-cond-assign": "error",
            "no-const-assign": "error",
            "no-debugger": "error",
            "no-dupe-args": "error",
            "no-dupe-class-members": "error",
            "no-dupe-keys": "error",
            "no-duplicate-case": "error",
            "no-duplicate-imports": "error",
            "no-empty-pattern": "error",
            "no-eval": "error",
            "no-ex-assign": "error",
            "no-func-assign": "error",
            "no-global-assign": "error",
            "no-import-assign": "error",
            "no-redeclare": "error",
            "no-return-assign": "error",
            "no-self-assign": "error",
            "no-undef": "error",
            "no-unreachable": "error",
            "no-unsafe-finally": "error",
            "no-unused-expressions": "error",
            "no-unused-labels": "error",
            "no-unused-vars": ["error", {args: "none"}],
            "no-use-before-define": ["error", {functions: false, classes: true}],
            "use-isnan": "error",
            "valid-typeof": "error",
            // Style and taste: report
            complexity: ["warn", 15],
            "dot-notation": "warn",
            eqeqeq: "warn",
            "no-else-return": "warn",
            "no-empty": "warn",
            "no-implicit-coercion": ["warn", {allow: ["~", "!!"]}],
            "no-lonely-if": "warn",
            "no-shadow": "warn",
            "no-unneeded-ternary": "warn",
            "no-useless-concat": "warn",
            "no-useless-escape": "warn",
            "no-var": "warn",
            "prefer-const": "warn",
            "spaced-comment": ["warn", "always"],
            "jsdoc/check-tag-names": "warn",
            "jsdoc/check-types": "warn",
        },
        settings: {
            jsdoc: {
                tagNamePreference: {
                    arg: "param",
                    argument: "param",
                    augments: "extends",
                    constructor: "class",
                    exception: "throws",
                    func: "function",
                    method: "function",
                    prop: "property",
                    return: "returns",
                    virtual: "abstract",
                    yield: "yields",
                },
            },
        },
    },
    {
        // Odoo 18 loads every file of static/src and static/tests as an ES
        // module (and *.esm.js anywhere, as OCA names them).
        files: ["**/static/src/**/*.js", "**/static/tests/**/*.js", "**/*.esm.js"],
        languageOptions: {sourceType: "module"},
    },
];
