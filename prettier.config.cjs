// Prettier settings of OCA's addons repository template (Odoo 18.0): XML, JS,
// SCSS, YAML, JSON and Markdown of the repository, run by pre-commit.
/** @type {import('prettier').Config} */
const config = {
    // The plugin is installed beside prettier in pre-commit's environment.
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    // Odoo reads some XML text as it is (QWeb, mail templates): keep whitespace.
    xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
