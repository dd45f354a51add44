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
    Layout("sample_key_work", _reader(KEY_WORK), expect(
        targets=[
            target("高新技术企业", 20, "家", ">="), target("科技型中小企业", 30, "家", ">="),
            target("研发投入", 15, "%", ">="), target("督导", 1, "次"), target("科技创新平台", 10, "家"),
            target("产学研合作协议", 5, "项", ">="),
            target("集中学法", 3, "次", ">="), target("法治讲座", 1, "期", ">="), target("学法时间", 60, "学时", ">="),
            target("法律知识考试", 2, "次", ">="),
        ],
        tasks=None,
    )),
    Layout("sample_ecology", _reader(ECOLOGY), expect(
        targets=[
            target("政策宣讲", 6, "场"), target("科技攻关项目", 8, "项"), target("成果对接活动", 4, "次", ">="),
            target("高新技术企业", 12, "家"), target("能耗下降", 2.5, "%", "<="),
            target("研发经费投入", 19, "亿元", ">=", split={
                "东昌府区": 5.8, "茌平区": 3.7, "阳谷县": 2.8, "莘县": 2.3, "东阿县": 1.9, "冠县": 2.0, "高唐县": 0.5,
            }),
        ],
        tasks=None,
    )),
]
