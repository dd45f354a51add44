"""The simulated users of `benchmarks/load.py`: officers who open their list and report
progress, leaders who read the 驾驶舱, drill down and open the review queue, and (with
LOAD_PUBLIC=N) N anonymous readers of the public pages.

Each simulated user takes the next account from the JSON file named by LOAD_ACCOUNTS (made by
load.py, with a logged-in session cookie, so the run measures the pages and not password
hashing). What happened to every report POST is written to LOAD_RESULT at the end.
"""

import json
import os
import random
import re
from itertools import count

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8").read())
NEXT = {"officer": count(), "leader": count()}
OUTCOMES = {"stored": 0, "conflict": 0, "refused": 0, "other": 0}
HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|version|submission)" value="([^"]*)"')
AS_OF = re.compile(r'name="as_of" value="([^"]*)"')


class Account(HttpUser):
    abstract = True
    role = ""
    # Seconds between one page and the next: reading a page or typing a report.
    wait_time = between(*(float(s) for s in os.environ.get("LOAD_THINK", "5,15").split(",")))

    def on_start(self):
        accounts = ACCOUNTS[self.role]
        self.account = accounts[next(NEXT[self.role]) % len(accounts)]
        self.client.cookies.set("sessionid", self.account["session"])

    def page(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.error or ''}")
            return response


class Officer(Account):
    role = "officer"
    weight = 6

    @task(1)
    def my_targets(self):
        self.page("/my/", "我的任务")

    @task(3)
    def report(self):
        target = random.choice(self.account["targets"])
        form = self.page(f"/targets/{target}/report/", "填报页")
        if form.status_code != 200:
            return
        fields = dict(HIDDEN.findall(form.text))
        as_of = AS_OF.search(form.text)
        # 1–100 is valid for every kind of target, 完成进度（%） included.
        data = {
            **fields,
            "as_of": as_of.group(1) if as_of else "",
            "value": str(random.randint(1, 100)),
            "note": "压测填报",
        }
        with self.client.post(
            f"/targets/{target}/report/",
            data=data,
            name="提交填报",
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": f"{self.host}/targets/{target}/report/"},
        ) as response:
            if response.status_code == 302:
                OUTCOMES["stored"] += 1
            elif response.status_code == 200 and "已有新的填报或改动" in response.text:
                OUTCOMES["conflict"] += 1  # another officer reported on it meanwhile: told, not lost
            elif response.status_code == 200:
                OUTCOMES["refused"] += 1
                response.failure("the form refused a valid report")
            else:
                OUTCOMES["other"] += 1
                response.failure(f"HTTP {response.status_code} {response.error or ''}")


class Leader(Account):
    role = "leader"
    weight = 4

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "驾驶舱")

    @task(2)
    def drill_down(self):
        if self.account["regions"]:
            self.page(f"/dashboard/region/{random.choice(self.account['regions'])}/", "驾驶舱·地区")
        self.page(f"/dashboard/bureau/{random.choice(self.account['bureaus'])}/", "驾驶舱·单位")

    @task(1)
    def ranking(self):
        self.page("/dashboard/ranking/", "排名")

    @task(1)
    def reviews(self):
        self.page("/reviews/", "待审核")

    @task(1)
    def target(self):
        self.page(f"/targets/{random.choice(self.account['targets'])}/", "指标详情")


class PublicReader(HttpUser):
    """An anonymous reader of the 政务公开 pages: the index, then a plan."""

    fixed_count = int(os.environ.get("LOAD_PUBLIC", "0"))
    wait_time = between(*(float(s) for s in os.environ.get("LOAD_THINK", "5,15").split(",")))

    def page(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.error or ''}")

    @task(1)
    def index(self):
        self.page("/public/", "公开·目录")

    @task(3)
    def plan(self):
        self.page(f"/public/plans/{random.choice(ACCOUNTS['public'])}/", "公开·计划")


@events.quitting.add_listener
def _write_outcomes(environment, **kwargs):
    with open(os.environ["LOAD_RESULT"], "w", encoding="utf-8") as out:
        json.dump(OUTCOMES, out)
