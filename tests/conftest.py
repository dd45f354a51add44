"""The people of the story, in a small world of our own:

山东省 (37) ─ 省科技厅
  └ 聊城市 (3715) ─ 市科技局 [高新科, 成果科]      ── city plan (published) + a draft plan
      ├ 东昌府区 (371502) ─ 区科技局 [创新股, 办公室] ── county plan (published)
      └ 阳谷县 (371521) ─ 县科技局 [创新股]          ── county plan (published)
  └ 德州市 (3714) ─ 市科技局 [高新科]               ── other city's plan (published)
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from plans.models import Plan, Section, Task
from targets.models import Target
from units.models import Bureau, Department, Membership, Region

YEAR = 2026


@dataclass
class World:
    province: Bureau
    city: Bureau
    county: Bureau
    other_county: Bureau
    other_city: Bureau
    city_gaoxin: Department
    city_chengguo: Department
    county_chuangxin: Department
    county_office: Department
    city_plan: Plan
    draft_plan: Plan
    county_plan: Plan
    other_county_plan: Plan
    other_city_plan: Plan
    city_target: Target  # led by 高新科, co-owned by 成果科
    city_split_parent: Target
    county_share: Target  # child of the split, assigned to 东昌府区
    county_target: Target  # led by 创新股
    county_office_target: Target  # led by 办公室
    other_county_target: Target
    other_city_target: Target
    draft_target: Target


def make_target(task, metric="新增高新技术企业", value="10", unit="家", **fields):
    fields.setdefault("period_start", date(YEAR, 1, 1))
    fields.setdefault("period_end", date(YEAR, 12, 31))
    return Target.objects.create(
        task=task, metric=metric, value=None if value is None else Decimal(value), unit=unit, **fields
    )


def make_task(plan, text="任务", lead=None, co=(), section=None):
    task = Task.objects.create(plan=plan, text=text, lead_department=lead, section=section)
    task.co_departments.set(co)
    return task


@pytest.fixture
def world(db):
    province_region = Region.objects.create(code="370000", name="山东省", level="province")
    city_region = Region.objects.create(code="371500", name="聊城市", level="city", parent=province_region)
    county_region = Region.objects.create(code="371502", name="东昌府区", level="county", parent=city_region)
    other_county_region = Region.objects.create(code="371521", name="阳谷县", level="county", parent=city_region)
    other_city_region = Region.objects.create(code="371400", name="德州市", level="city", parent=province_region)

    province = Bureau.objects.create(name="山东省科学技术厅", region=province_region)
    city = Bureau.objects.create(name="聊城市科学技术局", region=city_region, parent=province)
    county = Bureau.objects.create(name="东昌府区科学技术局", region=county_region, parent=city)
    other_county = Bureau.objects.create(name="阳谷县科学技术局", region=other_county_region, parent=city)
    other_city = Bureau.objects.create(name="德州市科学技术局", region=other_city_region, parent=province)

    city_gaoxin = Department.objects.create(bureau=city, name="高新科")
    city_chengguo = Department.objects.create(bureau=city, name="成果科")
    county_chuangxin = Department.objects.create(bureau=county, name="创新股")
    county_office = Department.objects.create(bureau=county, name="办公室")
    other_county_dept = Department.objects.create(bureau=other_county, name="创新股")
    other_city_dept = Department.objects.create(bureau=other_city, name="高新科")

    def plan(bureau, title, status=Plan.Status.PUBLISHED):
        return Plan.objects.create(bureau=bureau, year=YEAR, title=title, status=status)

    city_plan = plan(city, "聊城市科技局年度计划")
    draft_plan = plan(city, "聊城市科技局明年计划（草稿）", Plan.Status.DRAFT)
    county_plan = plan(county, "东昌府区科技局工作要点")
    other_county_plan = plan(other_county, "阳谷县科技局工作要点")
    other_city_plan = plan(other_city, "德州市科技局年度计划")

    section = Section.objects.create(plan=city_plan, label="一", title="培育创新主体")
    city_task = make_task(city_plan, "新增高新技术企业", city_gaoxin, [city_chengguo], section)
    city_target = make_target(city_task, "新增高新技术企业", "60")
    split_task = make_task(city_plan, "研发投入分解", city_chengguo, section=section)
    split_parent = make_target(split_task, "全社会研发经费投入", "10", "亿元", kind="amount")
    county_share = make_target(
        split_task, "全社会研发经费投入", "6", "亿元", kind="amount", parent=split_parent, assigned_bureau=county
    )
    make_target(
        split_task, "全社会研发经费投入", "4", "亿元", kind="amount", parent=split_parent, assigned_bureau=other_county
    )
    county_target = make_target(make_task(county_plan, "县区任务", county_chuangxin), "科技型中小企业入库", "30")
    county_office_target = make_target(make_task(county_plan, "办公室任务", county_office), "报送政务信息", "20", "篇")
    other_county_target = make_target(make_task(other_county_plan, "阳谷任务", other_county_dept), "阳谷县指标", "5")
    other_city_target = make_target(make_task(other_city_plan, "德州任务", other_city_dept), "德州市指标", "40")
    draft_target = make_target(make_task(draft_plan, "草稿任务", city_gaoxin), "草稿指标", "1")

    return World(
        province=province,
        city=city,
        county=county,
        other_county=other_county,
        other_city=other_city,
        city_gaoxin=city_gaoxin,
        city_chengguo=city_chengguo,
        county_chuangxin=county_chuangxin,
        county_office=county_office,
        city_plan=city_plan,
        draft_plan=draft_plan,
        county_plan=county_plan,
        other_county_plan=other_county_plan,
        other_city_plan=other_city_plan,
        city_target=city_target,
        city_split_parent=split_parent,
        county_share=county_share,
        county_target=county_target,
        county_office_target=county_office_target,
        other_county_target=other_county_target,
        other_city_target=other_city_target,
        draft_target=draft_target,
    )


PASSWORD = "Test-Passw0rd!"


def make_user(username, bureau=None, role=None, department=None, **fields):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
    if bureau is not None:
        Membership.objects.create(user=user, bureau=bureau, role=role, department=department)
    return user


@pytest.fixture
def county_officer(world):
    return make_user("county_officer", world.county, "officer", world.county_chuangxin)


@pytest.fixture
def county_leader(world):
    return make_user("county_leader", world.county, "leader")


@pytest.fixture
def county_admin(world):
    return make_user("county_admin", world.county, "admin", is_staff=True)


@pytest.fixture
def city_officer(world):
    return make_user("city_officer", world.city, "officer", world.city_chengguo)


@pytest.fixture
def city_leader(world):
    return make_user("city_leader", world.city, "leader")


@pytest.fixture
def city_admin(world):
    return make_user("city_admin", world.city, "admin", is_staff=True)


@pytest.fixture
def province_admin(world):
    return make_user("province_admin", world.province, "admin", is_staff=True)


@pytest.fixture
def province_leader(world):
    return make_user("province_leader", world.province, "leader")


@pytest.fixture
def inactive_leader(world):
    return make_user("inactive_leader", world.city, "leader", is_active=False)


@pytest.fixture
def no_role_user(world):
    return make_user("no_role_user")


@pytest.fixture(autouse=True, scope="session")
def _no_persistent_connections():
    # Live-server request threads would otherwise keep PostgreSQL connections open and
    # block dropping the test database at the end of the run.
    from django.db import connections

    connections.settings["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_terminal_summary(terminalreporter):
    from tests.browser.conftest import CHROMIUM

    if not CHROMIUM:
        terminalreporter.write_line(
            "注意：本机没有 chromium，浏览器测试（tests/browser）全部跳过。安装：apt-get install chromium", yellow=True
        )
