"""The demo policy's grounding and phase machine, closed-loop on the kinematic mock."""

from __future__ import annotations

import numpy as np
import pytest

from kinematic_mock import REPO, MockSim, Obj, goal_of, load_scene
from vlaplay_server.demo_policy import DemoPolicy, ground

SCENE = REPO / "Scenes" / "libero_object.yaml"
OBJECTS, TASKS = load_scene(SCENE)
NAMES = [o.name for o in OBJECTS]


def run_episode(sim: MockSim, policy: DemoPolicy, max_steps: int, execute: int) -> dict:
    """Query, execute the first `execute` actions of each chunk, until done or out of steps."""
    last = {}
    while sim.steps < max_steps:
        last = policy.infer(sim.observation())
        a = last["actions"]
        assert a.shape == (policy.horizon, 7) and a.dtype == np.float32
        assert np.all(np.linalg.norm(a[:, :3], axis=1) <= 0.05 + 1e-6), "a step beyond the simulator's clip"
        assert not a[:, 3:6].any(), "the demo never rotates"
        assert set(np.unique(a[:, 6])) <= {-1.0, 1.0}
        if last.get("done"):
            break
        for row in a[:execute]:
            sim.step(row)
    return last


@pytest.mark.parametrize("task", TASKS, ids=[t["goal"] for t in TASKS])
def test_grounds_every_libero_object_instruction(task):
    obj, target = goal_of(task)
    g = ground(task["instruction"], NAMES)
    assert (g.obj, g.target) == (obj, target)


@pytest.mark.parametrize("instruction,expected", [
    ("put the milk into the basket", ("milk", "basket")),
    ("place the cream cheese box on the basket", ("cream_cheese", "basket")),
    ("Pick up the BBQ sauce, then put it inside the basket.", ("bbq_sauce", "basket")),
    ("pick up the soup and place it in the basket", ("alphabet_soup", "basket")),  # a word only one name has
    ("pick up the ketchup", ("ketchup", None)),
    ("put the basket on the butter", ("basket", "butter")),
])
def test_grounding_variants(instruction, expected):
    g = ground(instruction, NAMES)
    assert (g.obj, g.target) == expected


def test_ungroundable_prompt_replies_zeros_with_a_note():
    sim = MockSim(OBJECTS, "pick up the banana and place it in the bowl")
    r = DemoPolicy().infer(sim.observation())
    assert not r["actions"].any() and r["actions"].shape == (10, 7)
    assert r["notes"][0].startswith("demo policy: could not ground")


def test_objects_told_apart_only_by_relations_are_refused_up_front():
    """libero_spatial's four black bowls differ only by where they are; the demo policy
    does not read relations, so it says so instead of moving the plate (what it did)."""
    spatial, spatial_tasks = load_scene(REPO / "Scenes" / "libero_spatial.yaml")
    sim = MockSim(spatial, spatial_tasks[0]["instruction"])
    r = DemoPolicy().infer(sim.observation())
    assert not r["actions"].any()
    assert "could be black_bowl_1" in r["notes"][0] and "--policy expert" in r["notes"][0]
    assert ground("put black bowl 2 on the plate", [o.name for o in spatial]).obj == "black_bowl_2"


@pytest.mark.parametrize("execute", [10, 5, 1])
@pytest.mark.parametrize("task", TASKS, ids=[t["goal"] for t in TASKS])
def test_completes_every_libero_object_task(task, execute):
    obj, target = goal_of(task)
    sim = MockSim(OBJECTS, task["instruction"])
    last = run_episode(sim, DemoPolicy(horizon=10), task["max_steps"], execute)
    assert sim.inside(obj, target), (sim.events, last.get("notes"))
    assert last.get("done") is True
    assert sim.steps <= 120, sim.steps
    # Exactly one grasp (of the right object) and one release.
    assert [e.split(": ")[1] for e in sim.events] == [f"grasped {obj}", f"released {obj} at " + sim.events[1].split(" at ")[1]]


@pytest.mark.parametrize("seed", range(4))
def test_jittered_layouts_distractors_and_other_horizons(seed):
    rng = np.random.default_rng(seed)
    objs = [Obj(o.name, o.shape, o.hx, o.hy, o.h, o.centre + np.array([*rng.uniform(-0.01, 0.01, 2), 0]), o.container)
            for o in OBJECTS]
    objs.append(Obj("distractor_cube", "box", 0.02, 0.02, 0.04, np.array([0.75, -0.3, 0.02]), False))
    task = TASKS[seed * 2 + 1]
    obj, target = goal_of(task)
    sim = MockSim(objs, task["instruction"])
    horizon = [4, 8, 16, 50][seed]
    run_episode(sim, DemoPolicy(horizon=horizon), task["max_steps"], min(horizon, 5))
    assert sim.inside(obj, target), sim.events


def test_recovers_from_a_closed_gripper_and_a_reconnect_mid_carry():
    task = TASKS[0]
    obj, target = goal_of(task)
    sim = MockSim(OBJECTS, task["instruction"])
    sim.open = False  # starts closed, holding nothing: it must open first
    policy = DemoPolicy()
    r = policy.infer(sim.observation())
    assert r["actions"][0, 6] == -1.0 and "open" in r["notes"][0]
    while sim.held is None:
        for row in policy.infer(sim.observation())["actions"][:5]:
            sim.step(row)
    for row in policy.infer(sim.observation())["actions"][:3]:
        sim.step(row)
    # A fresh server process (no memory at all) picks up where the observation says.
    run_episode(sim, DemoPolicy(), task["max_steps"], 5)
    assert sim.inside(obj, target), sim.events


def test_failed_grasp_is_retried():
    task = TASKS[3]
    obj, target = goal_of(task)
    sim = MockSim(OBJECTS, task["instruction"])
    policy = DemoPolicy()
    # The first chunk that closes the gripper: move the object 5 cm before it plays out
    # (as if the arm lagged), so the close grasps nothing.
    while True:
        a = policy.infer(sim.observation())["actions"]
        if (a[:, 6] > 0).any():
            break
        for row in a[:5]:
            sim.step(row)
    sim.objects[obj].centre = sim.objects[obj].centre + np.array([0.05, 0.0, 0.0])
    for row in a:
        sim.step(row)
    assert not sim.open and sim.held is None and sim.events == []
    run_episode(sim, policy, task["max_steps"], 5)
    assert sim.inside(obj, target), sim.events


def test_pick_only_lifts_and_holds():
    sim = MockSim(OBJECTS, "pick up the ketchup")
    last = run_episode(sim, DemoPolicy(), 200, 5)
    assert sim.held == "ketchup" and last.get("done") is True
    assert sim.objects["ketchup"].centre[2] > 0.2
