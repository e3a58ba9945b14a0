"""A tiny NISO STS standard document for ruleset-check tests: `STANDARD.format(body=...)`."""

STANDARD = """<?xml version="1.0" encoding="UTF-8"?>
<standard dtd-version="1.2" xml:lang="zh-CN">
  <front>
    <std-meta>
      <title-wrap xml:lang="zh-CN"><full>小标准</full></title-wrap>
      <title-wrap xml:lang="en"><full>Tiny standard</full></title-wrap>
      <std-ident><originator>ZCF</originator><doc-number>T/ZCF 9—2026</doc-number><edition>2026</edition></std-ident>
      <custom-meta-group>
        <custom-meta><meta-name>issuer</meta-name><meta-value>zcf tests</meta-value></custom-meta>
        <custom-meta><meta-name>source-url</meta-name><meta-value>https://example.org/t</meta-value></custom-meta>
        <custom-meta><meta-name>known-from</meta-name><meta-value>full-text</meta-value></custom-meta>
      </custom-meta-group>
    </std-meta>
  </front>
  <body>
{body}  </body>
</standard>
"""


def sec(label: str, provision: str, zh: str, en: str) -> str:
    title = (f'<title><named-content content-type="lang" xml:lang="zh-CN">条款{label}</named-content>'
             f'<named-content content-type="lang" xml:lang="en">Clause {label}</named-content></title>')
    return (f'<sec id="sec-{label}" sec-type="clause"><label>{label}</label>{title}\n'
            f'<p content-type="{provision}" xml:lang="zh-CN">{zh}</p>\n'
            f'<p content-type="{provision}" xml:lang="en">{en}</p>\n</sec>\n')
