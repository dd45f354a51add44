"""The two real workbooks in ../shared/samples and their expected results (from their README).
Read from disk where present; the test skips them where ../shared is absent."""

from pathlib import Path

from . import Layout, expect, target, task

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "samples"


def _reader(name: str):
    def build() -> tuple[bytes, str]:
        return (SAMPLES / name).read_bytes(), name

    return build


KEY_WORK = "市科技局2024年度重点工作任务分解表.xlsx"
ECOLOGY = "市科技局2024年度生态环境保护科技工作任务表.xlsx"

LAYOUTS = [
    Layout(
        "sample_key_work",
        _reader(KEY_WORK),
        expect(
            targets=[
                target("高新技术企业", 20, "家", ">="),
                target("科技型中小企业", 30, "家", ">="),
                target("研发投入", 15, "%", ">="),
                target("督导", 1, "次"),
                target("科技创新平台", 10, "家"),
                target("产学研合作协议", 5, "项", ">="),
                target("集中学法", 3, "次", ">="),
                target("法治讲座", 1, "期", ">="),
                target("学法时间", 60, "学时", ">="),
                target("法律知识考试", 2, "次", ">="),
            ],
            tasks=[
                task(
                    "申报高企企业培育", "高新科", co=["政策法规科"], deadline="2024-12-31", deadline_text="2024年12月底"
                ),
                task("提前指导", "高新科", co=["办公室"], deadline="2024-12-31", deadline_text="2024年12月底"),
                task("申报企业的沟通", "高新科", co=[], deadline=None, deadline_text="长期"),
                task(
                    "研发投入过亿元企业",
                    "计划科",
                    co=["高新科", "成果科"],
                    deadline="2024-12-31",
                    deadline_text="2024年12月",
                ),
                task("现场督导", "计划科", deadline=None, deadline_text="每季度"),
                task("市级科技创新平台", "成果科", deadline="2024-11-30", deadline_text="2024年11月30日"),
                task(
                    "高校院所建立合作关系", "成果科", co=["社发科"], deadline="2024-10-31", deadline_text="2024年10月"
                ),
                task("集体学法制度", "政策法规科", co=["办公室"], deadline="2024-12-31", deadline_text="2024年12月"),
                task("专题讲座", "政策法规科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("年度学法", "政策法规科", co=[], deadline="2024-12-31", deadline_text="2024年12月"),
                task("开展考试", "政策法规科", deadline="2024-12-31", deadline_text="2024年12月"),
            ],
        ),
    ),
    Layout(
        "sample_ecology",
        _reader(ECOLOGY),
        expect(
            targets=[
                target("政策宣讲", 6, "场"),
                target("科技攻关项目", 8, "项"),
                target("成果对接活动", 4, "次", ">="),
                target("高新技术企业", 12, "家"),
                target("能耗下降", 2.5, "%", "<="),
                target(
                    "研发经费投入",
                    19,
                    "亿元",
                    ">=",
                    split={
                        "东昌府区": 5.8,
                        "茌平区": 3.7,
                        "阳谷县": 2.8,
                        "莘县": 2.3,
                        "东阿县": 1.9,
                        "冠县": 2.0,
                        "高唐县": 0.5,
                    },
                ),
            ],
            tasks=[
                task("科技政策宣讲", "", deadline="2024-12-31", deadline_text="2024年12月31日"),
                task("关键技术攻关", "社发科", co=["成果科"], deadline="2024-10-31", deadline_text="2024年10月"),
                task("撮合对接", "成果科", deadline="2024-11-30", deadline_text="2024年11月30日"),
                task("梯度培育", "高新科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("节能节水", "高新科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("研发经费投入"),
            ],
            # The sheet writes departments after the bureau's name; either form names the same one.
            aliases={"市科技局社发科": "社发科", "市科技局成果科": "成果科", "市科技局高新科": "高新科"},
        ),
    ),
]
