# language: zh-CN
@ruleset_zcf_cn_general
功能: 排放因子的层级、来源性质和二氧化碳当量的 GWP 取值如实标注
  外购电力排放因子采用生态环境部、国家统计局公布的最新电力二氧化碳排放因子（4.1.4 为资料性
  说明）。该系列分全国、区域和省级三个层级；规则集参数 grid_factor_level 说明取哪一级，
  因子表中没有该省数值时退到更宽的一级。结果须写明每个因子取自哪一级以及原因。基于市场的
  范围二采用扣除市场化交易非化石能源电量的因子，只有全国值。
  两个以上相互独立的转载一致、但未核对原件的数值标为“已确认”，不标为“已公布”。
  二氧化碳当量须注明所用的全球变暖潜势（GWP）版本：国内方案未作规定，本规则集暂定 AR5，
  结果中的每个二氧化碳当量总量都注明该版本；申报的工业过程排放按其他版本换算或未说明版本时，
  结果列为数据问题。

  背景:
    假如 一家按示例 "zero-carbon" 申报的工厂
    而且 评估日期为 2026-03-31

  @clause_GEN_04
  场景: 江苏工厂没有省级因子，基于位置的范围二采用华东区域因子，并写明原因
    当 按规则集 "zcf-cn-general" 评估
    那么 条款 GEN-04 的结论为 "符合"
    而且 核算指标 scope2_location 所用电网排放因子取自"区域"层级，理由包括 "no provincial factor for province 32"
    而且 核算指标 scope2_market 所用电网排放因子取自"全国"层级，理由包括 "national grid only"

  @clause_GEN_05
  场景: 两个独立转载一致的缺省参数标为“已确认”，只有一个来源的标为“未经核实”
    当 按规则集 "zcf-cn-general" 评估
    那么 条款 GEN-05 的结论为 "符合"
    而且 核算指标 scope1_fuel 所用因子 "fuel.natural_gas.ncv" 的来源性质为 "已确认"
    而且 核算指标 scope1_fuel 所用因子 "fuel.natural_gas.oxidation" 的来源性质为 "未经核实"

  @clause_GEN_02
  场景: 每个二氧化碳当量总量都注明 GWP 取值
    当 按规则集 "zcf-cn-general" 评估
    那么 条款 GEN-02 的结论为 "符合"
    而且 结果中的每个二氧化碳当量总量都注明 GWP 取值 "AR5"
    而且 数据问题不包括 "gwp-set-mismatch"

  @clause_GEN_02
  场景大纲: 工业过程排放按其他 GWP 版本换算或未说明版本时列为数据问题
    假如 <GWP 说明>
    当 按规则集 "zcf-cn-general" 评估
    那么 条款 GEN-02 的结论为 "符合"
    而且 数据问题包括 "<问题>"，位置 "/accounting/gwp_set"

    例子:
      | GWP 说明                             | 问题               |
      | 工厂申报的二氧化碳当量按 "AR4" 换算  | gwp-set-mismatch   |
      | 工厂未说明二氧化碳当量所用的 GWP 取值 | gwp-set-undeclared |
