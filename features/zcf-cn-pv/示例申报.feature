# language: zh-CN
@ruleset_zcf_cn_pv
功能: 光伏制造示例申报的评价结果
  examples/zcf-cn-pv 中的示例：盐城的 N 型电池和组件工厂（零碳）、宿迁的 P 型电池和组件工厂（近零碳）、
  连云港的一体化老产线（六项否决项不符合）、乐山的新建一体化基地、包头的多晶硅工厂、新余的多晶铸锭
  和切片工厂、成都的薄膜组件工厂（各有否决项不符合）。

  背景:
    假如 评估日期为 2026-03-31

  @clause_PV_03_CELL_N @clause_PV_03_MODULE @clause_PV_04_CELL @clause_PV_04_MODULE @clause_GEN_14
  场景: 示例“零碳光伏工厂”——N 型电池 6.1、组件 1.8 万千瓦时/兆瓦，绿电约 86%，达到零碳工厂
    假如 一家按示例 "zero-carbon" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-03-CELL-N 的结论为 "符合"
    而且 条款 PV-03-MODULE 的结论为 "符合"
    而且 条款 PV-04-CELL 的结论为 "符合"
    而且 条款 PV-04-MODULE 的结论为 "符合"
    而且 条款 GEN-14 的结论为 "符合"
    而且 工厂达到 "零碳工厂" 等级
    而且 评价结论依赖暂定阈值

  @clause_PV_03_CELL_P @clause_PV_04_CELL @clause_PV_05
  场景: 示例“近零碳光伏工厂”——P 型电池 4.4 万千瓦时/兆瓦、效率 23.4%，达到近零碳工厂
    假如 一家按示例 "near-zero-carbon" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-03-CELL-P 的结论为 "符合"
    而且 条款 PV-04-CELL 的结论为 "符合"
    而且 条款 PV-05 的结论为 "符合"
    而且 工厂达到 "近零碳工厂" 等级

  @clause_PV_02_ROD @clause_PV_02_WAFER_MONO @clause_PV_03_CELL_P @clause_PV_03_MODULE @clause_PV_04_CELL @clause_PV_04_MODULE
  场景: 示例“不合格光伏工厂”——老产线拉棒、切片、电池、组件电耗超限，电池和组件效率低于下限
    假如 一家按示例 "failing" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-02-ROD 的结论为 "不符合"
    而且 条款 PV-02-WAFER-MONO 的结论为 "不符合"
    而且 条款 PV-03-CELL-P 的结论为 "不符合"
    而且 条款 PV-03-MODULE 的结论为 "不符合"
    而且 条款 PV-04-CELL 的结论为 "不符合"
    而且 条款 PV-04-MODULE 的结论为 "不符合"
    而且 否决项包括条款 PV-04-MODULE
    而且 工厂未达到任何等级

  @clause_PV_02_WAFER_MONO @clause_PV_03_CELL_N @clause_PV_06
  场景: 示例“新建一体化基地”——单晶硅片 8.3、N 型电池 7.3 超过新建项目限值，资本金比例 25% 仅提示
    假如 一家按示例 "failing-new-plant" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-02-WAFER-MONO 的结论为 "不符合"
    而且 条款 PV-03-CELL-N 的结论为 "不符合"
    而且 条款 PV-06 的结论为 "不符合"
    而且 否决项包括条款 PV-03-CELL-N
    而且 工厂未达到任何等级

  @clause_PV_01
  场景: 示例“多晶硅工厂”——综合电耗 60.4 千瓦时/千克，未低于 60
    假如 一家按示例 "failing-polysilicon" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-01 的结论为 "不符合"
    而且 否决项包括条款 PV-01

  @clause_PV_02_INGOT @clause_PV_02_WAFER_MULTI
  场景: 示例“多晶铸锭和切片工厂”——硅锭 7.7、多晶硅片 25.6，均超过现有项目限值
    假如 一家按示例 "failing-legacy-multi" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-02-INGOT 的结论为 "不符合"
    而且 条款 PV-02-WAFER-MULTI 的结论为 "不符合"
    而且 工厂未达到任何等级

  @clause_PV_03_MODULE_TF
  场景: 示例“薄膜组件工厂”——41.5 万千瓦时/兆瓦，未低于 40
    假如 一家按示例 "failing-thin-film" 申报的工厂
    当 按规则集 "zcf-cn-pv" 评估
    那么 条款 PV-03-MODULE-TF 的结论为 "不符合"
    而且 否决项包括条款 PV-03-MODULE-TF
