"""A tiny kinematic stand-in for vlaplay's simulator, for testing the demo policy.

It follows Sources/World/Grasping.swift, Controller.swift and GoalEvaluation.swift
where they matter to a pick-and-place: the tool moves by the commanded delta (clipped
to 0.05 m a step, no lag), the gripper is open when the action's last value is <= 0;
closing grasps the nearest graspable object whose centre is within
max(0.02, min(h/2, w/2)) + 0.01 of the tool; opening releases it and it settles onto
the highest support under its centre (a container's floor, another object's top, the
table at z = 0); in(a, b) holds when a rests with its centre inside b's footprint.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[2]
HOME_TOOL = np.array([0.484, 0.0, 0.4126])  # Panda tool point at the ready pose qr (base frame)
MAX_STEP = 0.05
MAX_WIDTH = 0.08


@dataclass
class Obj:
    name: str
    shape: str
    hx: float  # half footprint
    hy: float
    h: float
    centre: np.ndarray
    container: bool

    @property
    def round(self) -> bool:
        return self.shape not in ("box", "basket")

    @property
    def grasp_width(self) -> float:
        return 2 * min(self.hx, self.hy)

    @property
    def graspable(self) -> bool:
        return not self.container and self.grasp_width <= MAX_WIDTH + 1e-9

    @property
    def support_height(self) -> float:
        return min(0.01, self.h / 4) if self.container else self.h

    def contains_xy(self, p: np.ndarray) -> bool:
        d = p[:2] - self.centre[:2]
        return math.hypot(*d) <= self.hx if self.round else (abs(d[0]) <= self.hx and abs(d[1]) <= self.hy)


def load_scene(path: Path) -> tuple[list[Obj], list[dict]]:
    doc = yaml.safe_load(path.read_text())
    objs = []
    for o in doc["objects"]:
        shape = o["shape"]
        if shape in ("box", "basket"):
            sx, sy, sz = o["size"]
            hx, hy, h = sx / 2, sy / 2, sz
        elif shape == "sphere":
            hx = hy = o["radius"]
            h = 2 * o["radius"]
        else:
            hx = hy = o["radius"]
            h = o["height"]
        x, y = o["at"]
        objs.append(Obj(o["name"], shape, hx, hy, h, np.array([x, y, h / 2]), shape in ("basket", "bowl")))
    return objs, doc["tasks"]


class MockSim:
    def __init__(self, objects: list[Obj], instruction: str, tool: np.ndarray = HOME_TOOL) -> None:
        self.objects = {o.name: Obj(o.name, o.shape, o.hx, o.hy, o.h, o.centre.copy(), o.container) for o in objects}
        self.instruction = instruction
        self.tool = tool.astype(np.float64).copy()
        self.open = True
        self.held: str | None = None
        self.offset = np.zeros(3)
        self.steps = 0
        self.events: list[str] = []

    def observation(self) -> dict:
        w = MAX_WIDTH if self.open else 0.0
        state = np.array([*self.tool, math.pi, 0.0, 0.0, w / 2, -w / 2], dtype=np.float32)
        return {
            "observation/state": state,
            "prompt": self.instruction,
            "vlaplay/objects": {n: o.centre.astype(np.float64).copy() for n, o in self.objects.items()},
        }

    def step(self, action: np.ndarray) -> None:
        a = np.asarray(action, dtype=np.float64)
        assert a.shape == (7,) and np.all(np.isfinite(a)), a
        dp = a[:3]
        n = float(np.linalg.norm(dp))
        if n > MAX_STEP:
            dp = dp * (MAX_STEP / n)
        self.tool = self.tool + dp
        if self.held:
            self.objects[self.held].centre = self.tool + self.offset
        was_open, self.open = self.open, a[6] <= 0
        if was_open and not self.open:
            best = None
            for o in self.objects.values():
                reach = max(0.02, min(o.h / 2, o.grasp_width / 2)) + 0.01
                d = float(np.linalg.norm(o.centre - self.tool))
                if o.graspable and d <= reach and (best is None or d < best[0]):
                    best = (d, o.name)
            if best:
                self.held = best[1]
                self.offset = self.objects[self.held].centre - self.tool
                self.events.append(f"{self.steps}: grasped {self.held}")
        elif not was_open and self.open and self.held:
            o = self.objects[self.held]
            self.held = None
            o.centre = self._settle(o)
            self.events.append(f"{self.steps}: released {o.name} at {np.round(o.centre, 3).tolist()}")
        self.steps += 1

    def _settle(self, o: Obj) -> np.ndarray:
        p = o.centre
        bottom = p[2] - o.h / 2
        best = 0.0  # the table (z = 0 in the base frame)
        for other in self.objects.values():
            if other.name == o.name or not other.contains_xy(p):
                continue
            z = other.centre[2] - other.h / 2 + other.support_height
            if z <= bottom + 0.02 and z > best:
                best = z
        return np.array([p[0], p[1], best + o.h / 2])

    def inside(self, a: str, b: str) -> bool:
        if self.held == a:
            return False
        o, c = self.objects[a], self.objects[b]
        bottom = o.centre[2] - o.h / 2
        cb = c.centre[2] - c.h / 2
        return c.contains_xy(o.centre) and cb - 0.015 <= bottom <= cb + c.h


def goal_of(task: dict) -> tuple[str, str]:
    m = re.fullmatch(r"in\((\w+), (\w+)\)", task["goal"])
    assert m, task["goal"]
    return m.group(1), m.group(2)
