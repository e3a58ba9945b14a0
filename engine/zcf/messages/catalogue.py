"""Every user-facing word of the reports and the command line, in zh-CN and en, by message id.

One entry per id: (zh-CN, en), both with the same `{placeholders}`. zh-CN is authoritative.
`tests/messages` checks that every id has both languages and that every id used in the code and
templates is here.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh-CN", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # clause statuses, provisions, kinds
    "status.pass": ("符合", "met"),
    "status.fail": ("不符合", "not met"),
    "status.not_applicable": ("不适用", "not applicable"),
    "status.indeterminate": ("待补充数据", "data missing"),
    "status.manual_review": ("人工评审", "manual review"),
    "provision.requirement": ("应", "shall"),
    "provision.recommendation": ("宜", "should"),
    "provision.permission": ("可", "may"),
    "kind.gate": ("否决项", "gate"),
    "kind.scored": ("评分项", "scored"),
    "kind.info": ("信息项", "information"),
    "kind.manual": ("人工项", "manual"),
    # verdict
    "verdict.compliant": ("合规", "compliant"),
    "verdict.not_compliant": ("不合规", "not compliant"),
    "verdict.no_grade": ("未达到等级", "no grade reached"),
    "verdict.informative": ("草案，仅供参考", "draft, informative"),
    "verdict.informative_note": ("草案，仅供参考：本规则集的生效日期为暂定，评估日期早于该日期，结论不影响退出码",
                                 "draft, informative: this ruleset's effective date is provisional and still to "
                                 "come; the verdict is for information and never fails the exit code"),
    "verdict.grade": ("等级", "Grade"),
    "verdict.score": ("得分", "Score"),
    "verdict.gates_failed": ("未通过的否决项", "Gates failed"),
    "verdict.waiting": ("待补充数据的条款", "Clauses waiting for data"),
    "verdict.provisional": ("结论依赖暂定数值", "rests on provisional numbers"),
    # table headings
    "col.clause": ("条款", "Clause"),
    "col.status": ("结论", "Status"),
    "col.value": ("实际值", "Value"),
    "col.threshold": ("要求", "Threshold"),
    "col.points": ("得分", "Points"),
    "col.message": ("说明", "Message"),
    "col.scheme": ("方案", "Scheme"),
    "col.verdict": ("结论", "Verdict"),
    "col.grade": ("等级", "Grade"),
    "col.score": ("得分", "Score"),
    "col.gates_failed": ("未通过的否决项", "Gates failed"),
    "col.missing": ("待补充数据", "Missing data"),
    "col.gaps": ("差距", "What it would take"),
    "col.field": ("字段", "Field"),
    "col.pointer": ("JSON 指针", "JSON pointer"),
    "col.needed_by": ("所需条款", "Needed by"),
    "col.target": ("目标", "Target"),
    "col.change": ("最小改变", "Smallest change"),
    "col.source": ("来源", "Source"),
    "col.document": ("标准文件", "Standard"),
    "col.provision": ("条款性质", "Provision"),
    "col.provenance": ("出处性质", "Provenance"),
    "col.metric": ("指标", "Metric"),
    "col.unit": ("单位", "Unit"),
    "col.factor": ("因子", "Factor"),
    "col.id": ("编号", "id"),
    "col.version": ("版本", "version"),
    "col.title": ("名称", "title"),
    "col.effective": ("施行期间", "in force"),
    "col.signed_by": ("签名", "signed by"),
    # terminal notes
    "note.provisional_legend": (
        "◆ 该条结论依赖暂定（未正式发布）的阈值或因子；共 {count} 条。",
        "◆ the verdict rests on a provisional (unpublished) threshold or factor; {count} clause(s).",
    ),
    "note.all_provisional": (
        "除另有标注外，全部结论依赖暂定（未正式发布）的阈值或因子；不依赖的条款标为 ◇。",
        "Every verdict rests on a provisional (unpublished) threshold or factor, except those marked ◇.",
    ),
    "note.basis_reading": ("† zcf 的解读：强于所引文件的规定（所引文件为资料性或推荐性条文）",
                           "† zcf's reading: stronger than the cited document, which does not require it"),
    "note.basis_practice": ("‡ 通行做法：取自其他方案，并非所引文件的要求",
                            "‡ common practice of other schemes, not a requirement of the cited document"),
    "note.remediation": ("{clause}：{text}", "{clause}: {text}"),
    "note.gaps_title": ("差距分析（任选其一即可）", "What it would take (any one suffices)"),
    "note.missing_title": ("待补充数据（按字段）", "Missing data (by field)"),
    "note.problem": ("[{code}] {pointer}：{message}", "[{code}] {pointer}: {message}"),
    "note.more": ("… 另有 {count} 项", "… {count} more"),
    "note.as_of": ("评价日期 {date}", "as of {date}"),
    "note.backend": ("推理后端 {backend}", "backend {backend}"),
    "note.next_edition": ("{date}（下一版本）", "{date} (next edition)"),
    "note.untrusted": ("未验证（ZCF_ALLOW_UNSIGNED）", "UNTRUSTED (ZCF_ALLOW_UNSIGNED)"),
    "note.unknown_key": ("（未知密钥）", "(unknown key)"),
    # comparisons
    "cmp.ge": ("≥ {value}", "≥ {value}"),
    "cmp.gt": ("> {value}", "> {value}"),
    "cmp.le": ("≤ {value}", "≤ {value}"),
    "cmp.lt": ("< {value}", "< {value}"),
    "cmp.eq": ("= {value}", "= {value}"),
    "cmp.share_of": ("{limit}（{base} 的 {ratio}）", "{limit} ({ratio} of {base})"),
    # the HTML / PDF report
    "report.title": ("零碳工厂评价报告", "Zero-carbon factory evaluation report"),
    "report.matrix_title": ("多方案评价报告", "Evaluation under several schemes"),
    "report.enterprise": ("企业名称", "Enterprise"),
    "report.uscc": ("统一社会信用代码", "Unified social credit code"),
    "report.period": ("核算期", "Reporting period"),
    "report.ruleset": ("规则集", "Ruleset"),
    "report.digest": ("规则集摘要", "Ruleset digest"),
    "report.as_of": ("评价日期", "As of"),
    "report.engine": ("评价引擎", "Engine"),
    "report.verdict": ("结论", "Verdict"),
    "report.grade": ("等级", "Grade"),
    "report.score": ("得分", "Score"),
    "report.provisional_intro": (
        "以下数值尚未正式发布，本报告暂按占位值评价；依赖它们的结论标为“暂定”：",
        "These numbers are not published yet; this report uses placeholders, and every verdict "
        "resting on them is marked provisional:",
    ),
    "report.nothing_provisional": (
        "本报告的结论均不依赖暂定数值。", "No verdict in this report rests on a provisional number."),
    "report.provisional": ("暂定", "provisional"),
    "report.charts": ("图表", "Charts"),
    "report.chart.waterfall": ("排放瀑布图（tCO2e）", "Emissions waterfall (tCO2e)"),
    "report.chart.scope1": ("范围一", "Scope 1"),
    "report.chart.scope2": ("范围二（市场法）", "Scope 2 (market-based)"),
    "report.chart.offsets": ("抵消", "Offsets"),
    "report.chart.net": ("净排放", "Net"),
    "report.chart.limit": ("{label} 限值 {value}", "{label} limit {value}"),
    "report.chart.zero": ("零排放", "zero"),
    "report.chart.renewable": ("可再生电力占比", "Renewable electricity share"),
    "report.chart.threshold": ("{clause} 要求 {value}", "{clause} requires {value}"),
    "report.chart.statuses": ("条款结论分布", "Clause statuses"),
    "report.chart.groups": ("分组得分", "Score by group"),
    "report.clauses": ("逐条结论", "Clause by clause"),
    "report.missing": ("待补充数据（按字段）", "Missing data (by field)"),
    "report.no_missing": ("没有缺失的数据。", "No data is missing."),
    "report.gaps": ("差距分析：怎样才能通过（任选其一即可）", "What it would take (any one suffices)"),
    "report.no_gaps": ("没有需要弥补的差距。", "Nothing to close."),
    "report.metrics": ("指标及其计算过程", "Metrics and how they were computed"),
    "report.formula": ("公式", "Formula"),
    "report.inputs": ("输入", "Inputs"),
    "report.factors": ("排放因子及来源", "Factors and their sources"),
    "report.no_factors": ("未使用排放因子。", "No factors were used."),
    "report.problems": ("数据问题", "Data findings"),
    "report.scheme_overview": ("方案总览", "Schemes at a glance"),
    "report.disclaimer": (
        "本报告由 zcf 自动生成，不是官方评价结论。",
        "Generated by zcf; this is not an official evaluation.",
    ),
    "report.page": ("第 {page} 页", "page {page}"),
    "report.generated": ("生成时间 {time}", "generated {time}"),
    # command-line errors and hints
    "cli.invalid_headline": ("{source}：提交数据有 {count} 处问题", "{source}: {count} problem(s) in the submission"),
    "cli.submission_not_found": ("找不到提交文件：{path}", "submission file not found: {path}"),
    "cli.submission_not_found_hint": (
        "请给出 JSON 提交文件的路径；`zcf example` 可打印一个示例",
        "give the path of a JSON submission; `zcf example` prints one",
    ),
    "cli.unknown_format": (
        "未知的输出格式 {name!r}（可选：{choices}）", "unknown format {name!r} (choices: {choices})"),
    "cli.format_needs_output": (
        "{name} 格式输出二进制文件，请用 -o 指定输出文件",
        "the {name} format is binary: write it to a file with -o",
    ),
    "cli.sign_json_only": ("--sign 只对 JSON 结果签名", "--sign attests the JSON result"),
    "cli.sign_json_only_hint": ("去掉 --format 或使用 --format json", "drop --format or use --format json"),
    "cli.report_extra": (
        "{name} 格式需要可选依赖：{detail}",
        "the {name} format needs an optional dependency: {detail}",
    ),
    "cli.report_extra_hint": ("pip install 'zcf-engine[report]'", "pip install 'zcf-engine[report]'"),
    # hints for common mistakes in submissions
    "hint.comma_decimal": (
        "{pointer}：数字 {value!r} 用了逗号作小数点；请写成 {fixed!r}（小数点用“.”，不要千位分隔符）",
        "{pointer}: {value!r} uses a comma as the decimal mark; write {fixed!r} (a point, no thousands separators)",
    ),
    "hint.chinese_field": (
        "{pointer}：字段名须用英文，“{name}”应写作 {field!r}",
        "{pointer}: field names are English; write {field!r} for “{name}”",
    ),
    "hint.chinese_field_unknown": (
        "{pointer}：字段名须用英文（见 `zcf schema`），不能用“{name}”",
        "{pointer}: field names are English (see `zcf schema`), not “{name}”",
    ),
}


def text(message_id: str, lang: str, **params: Any) -> str:
    """The message `message_id` in `lang` (zh-CN for any zh*, else en), filled with `params`.

    Examples:
        >>> text("status.fail", "en"), text("status.fail", "zh-CN")
        ('not met', '不符合')
        >>> text("cmp.ge", "en", value="30 %")
        '≥ 30 %'
    """
    zh, en = MESSAGES[message_id]
    template = zh if lang.lower().startswith("zh") else en
    return template.format(**params) if params else template
