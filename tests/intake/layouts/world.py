"""The bureau every layout is imported into: 泰安市科学技术局 with its departments (full
names: the layouts write some of them abbreviated), the six counties under it with their
division codes, and two development zones that have a bureau but no division code of their own."""

DEPARTMENTS = [
    "办公室",
    "政策法规科",
    "高新技术科",
    "成果转化科",
    "社会发展科",
    "农村科技科",
    "科技合作科",
    "科技服务中心（科技情报研究所）",
]
COUNTIES = [
    ("370902", "泰山区"),
    ("370911", "岱岳区"),
    ("370921", "宁阳县"),
    ("370923", "东平县"),
    ("370982", "新泰市"),
    ("370983", "肥城市"),
]
ZONES = ["泰安高新技术产业开发区科技创新局", "泰安经济技术开发区科技局"]
BUREAU = "泰安市科学技术局"


def make_layout_bureau():
    from units.models import Bureau, Department, Region

    province = Region.objects.create(code="370000", name="山东省", level="province")
    city = Region.objects.create(code="370900", name="泰安市", level="city", parent=province)
    province_bureau = Bureau.objects.create(name="山东省科学技术厅", region=province)
    bureau = Bureau.objects.create(name=BUREAU, region=city, parent=province_bureau)
    Department.objects.bulk_create([Department(bureau=bureau, name=name) for name in DEPARTMENTS])
    for code, name in COUNTIES:
        region = Region.objects.create(code=code, name=name, level="county", parent=city)
        Bureau.objects.create(name=f"{name}科学技术局", region=region, parent=bureau)
    for name in ZONES:
        Bureau.objects.create(name=name, region=city, parent=bureau)
    return bureau


SAMPLE_COUNTIES = [
    ("371502", "东昌府区"),
    ("371503", "茌平区"),
    ("371521", "阳谷县"),
    ("371522", "莘县"),
    ("371524", "东阿县"),
    ("371525", "冠县"),
    ("371526", "高唐县"),
]


def make_sample_bureau():
    """The city the two workbooks in ../shared/samples come from, with its seven counties."""
    from units.models import Bureau, Department, Region

    province = Region.objects.create(code="370000", name="山东省", level="province")
    city = Region.objects.create(code="371500", name="聊城市", level="city", parent=province)
    bureau = Bureau.objects.create(name="聊城市科学技术局", region=city)
    Department.objects.bulk_create(
        [Department(bureau=bureau, name=n) for n in ["高新科", "成果科", "社发科", "办公室"]]
    )
    for code, name in SAMPLE_COUNTIES:
        region = Region.objects.create(code=code, name=name, level="county", parent=city)
        Bureau.objects.create(name=f"{name}科学技术局", region=region, parent=bureau)
    return bureau
