"""The `demo` policy: a scripted pick-and-place for vlaplay's franka_panda scenes.

It lets the remote path be shown end to end without a GPU or a model. It is not a
VLA: it reads object centres that vlaplay adds to each observation when the server's
metadata asks for them (``"vlaplay_extras": ["objects"]``), the way LIBERO's and
ManiSkill's demo generators read privileged state.

Observation (openpi's LIBERO keys plus the extra):
  observation/state  float32 [8]  tool position (3, robot base frame, m), tool
                                  orientation axis-angle (3), gripper fingers (+w/2, -w/2)
  observation/image, observation/wrist_image  uint8 [224,224,3] (not used)
  prompt             str          the instruction ("instruction" or "task" also read)
  vlaplay/objects    map name -> float64 [3]: object centres, base frame, m

Actions (LIBERO convention): float32 [H, 7] = delta tool position in the base frame
(m per step; vlaplay clips each step to 0.05 m), delta axis-angle (always 0),
gripper (-1 open, +1 close).

How it decides. The instruction is grounded by matching object names (underscores
read as spaces): the first object named after "pick up"/"put"/"place" is the one to
move, the first named after "in"/"on"/"into"/"onto" is where it goes. Then a phase
machine that reads only the current observation (so it survives reconnects and
missed chunks):
  not holding  open the gripper if it is closed; rise to a cruise height, go above
               the object, descend to its centre, close;
  holding      lift to a safe height, go above the target, descend until the
               object's bottom is just above the target's top, open;
  placed       (object resting within the target's footprint) back off upwards and hold.
"Holding" means: the gripper is closed and the object's centre is within 3 cm of the
tool. The chunk of H steps is planned by running the same machine on the intended
tool motion (straight moves of at most `step` metres), so one chunk may span phases.

Heights mirror vlaplay's built-in expert (Sources/Policy/Expert/ExpertPolicy.swift):
cruise at 8 cm above the tallest other object's top (0.12 m above the object at
least), carry 2 cm higher plus half the held object's height. Sizes are not sent, so
an object's height is read from its centre: a fixed-base arm stands on the table, so
in the base frame the table top is z = 0 and an object resting on it has its centre
at half its height.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Tunables (metres).
STEP = 0.03            # per-step move; vlaplay clips at 0.05 and the arm's joints keep up at this speed
ABOVE = 0.12           # approach from this high above the object's centre
CLEARANCE = 0.08       # above the tallest other top while moving across (as the expert)
AT_TOL = 0.006         # "arrived" (the expert's tolerance)
ALIGNED = 0.01         # horizontally aligned enough to go straight down
HOLD_RADIUS = 0.03     # object centre this close to a closed gripper = holding
OPEN_WIDTH = 0.072     # finger opening at or above this = open (Panda opens to 0.08)
PLACED_RADIUS = 0.06   # object centre within this (horizontally) of the target centre = placed
RELEASE_GAP = 0.01     # object's bottom this far above the target's top when letting go
RETREAT = 0.06         # back off this far up after letting go
DEFAULT_HEIGHT = 0.15  # an object's height when it was never seen resting (tallest LIBERO item)

OPEN, CLOSE = -1.0, 1.0

_PICK_VERBS = ("pick up", "pick", "grab", "grasp", "take", "put", "place", "move", "lift")
_PREPOSITIONS = ("into", "onto", "inside", "in", "on", "to")


class GroundingError(ValueError):
    pass


@dataclass
class Grounding:
    obj: str
    target: str | None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _mentions(text: str, names: list[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping mentions (start, end, name) in text order, longest names first.

    A name matches as its words ("alphabet_soup" -> "alphabet soup"); failing that,
    one of its words that no other name has ("soup" -> alphabet_soup)."""
    found: list[tuple[int, int, str]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b, _ in found)

    for name in sorted(names, key=lambda n: -len(n)):
        phrase = _norm(name.replace("_", " "))
        for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", text):
            if phrase and free(m.start(), m.end()):
                found.append((m.start(), m.end(), name))
    words: dict[str, set[str]] = {}
    for name in names:
        for w in _norm(name.replace("_", " ")).split():
            words.setdefault(w, set()).add(name)
    mentioned = {n for _, _, n in found}
    for w, owners in words.items():
        if len(owners) != 1 or len(w) < 3:
            continue
        name = next(iter(owners))
        if name in mentioned:
            continue
        for m in re.finditer(r"\b" + re.escape(w) + r"\b", text):
            if free(m.start(), m.end()):
                found.append((m.start(), m.end(), name))
    return sorted(found)


def ground(instruction: str, names: list[str]) -> Grounding:
    """The object to move and where it goes (None: just pick it up)."""
    text = _norm(instruction)
    # Several objects that differ only by a number ("black bowl" for black_bowl_1 ... _4)
    # need relations ("between", "next to") to tell apart, which this policy does not
    # read: refuse up front rather than move the wrong thing.
    stems: dict[str, list[str]] = {}
    for n in names:
        m = re.fullmatch(r"(.+?)_?\d+", n)
        if m:
            stems.setdefault(_norm(m.group(1).replace("_", " ")), []).append(n)
    for stem, group in stems.items():
        named = any(re.search(r"\b" + re.escape(_norm(n.replace("_", " "))) + r"\b", text) for n in group)
        if len(group) > 1 and not named and re.search(r"\b" + re.escape(stem) + r"\b", text):
            raise GroundingError(f"{stem!r} could be {', '.join(sorted(group))}: the demo policy does not read relations "
                                 f"(between, next to, on); name one, or use vlaplay's built-in expert (--policy expert)")
    mentions = _mentions(text, names)
    if not mentions:
        raise GroundingError(f"no object of the scene is named in {instruction!r} (objects: {', '.join(sorted(names))})")
    verb_at = 0
    for v in _PICK_VERBS:
        m = re.search(r"\b" + re.escape(v) + r"\b", text)
        if m:
            verb_at = m.start()
            break
    after_verb = [m for m in mentions if m[0] >= verb_at] or mentions
    obj_start, obj_end, obj = after_verb[0]
    target = None
    prep = re.compile(r"\b(" + "|".join(_PREPOSITIONS) + r")\b")
    p = prep.search(text, obj_end)
    if p:
        target = next((n for s, _, n in mentions if s >= p.end() and n != obj), None)
    return Grounding(obj, target)


def _first_str(obs: dict, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = obs.get(k)
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        if isinstance(v, np.ndarray) and v.dtype.kind in "US":
            v = str(v.reshape(-1)[0]) if v.size else ""
        if isinstance(v, str):
            return v
    return None


@dataclass
class _Virtual:
    """What the chunk planner believes about the world as its actions play out."""

    tool: np.ndarray
    open: bool
    objects: dict[str, np.ndarray]
    held: str | None
    grip_offset: np.ndarray = field(default_factory=lambda: np.zeros(3))


class DemoPolicy:
    """Scripted pick-and-place over openpi's LIBERO observation keys (see module doc)."""

    name = "demo"

    def __init__(self, horizon: int = 10, step: float = STEP) -> None:
        self.horizon = int(horizon)
        self.step = float(step)
        # Heights of objects seen resting (name -> m). Only a cache of sizes, which do
        # not change: the decisions themselves read the current observation alone.
        self._heights: dict[str, float] = {}

    @property
    def metadata(self) -> dict[str, Any]:
        return {
            "policy": "demo",
            "description": "scripted pick-and-place for vlaplay's franka_panda scenes (no model)",
            "action_horizon": self.horizon,
            "action_dim": 7,
            "action_space": "LIBERO: delta tool position (3, base frame, m), delta axis-angle (3), gripper (-1 open, +1 close)",
            "observation_keys": ["observation/state", "observation/image", "observation/wrist_image", "prompt", "vlaplay/objects"],
            "vlaplay_extras": ["objects"],
        }

    # ------------------------------------------------------------------ entry

    def infer(self, obs: dict) -> dict[str, Any]:
        prompt = _first_str(obs, ("prompt", "instruction", "task"))
        objects = obs.get("vlaplay/objects")
        state = None
        for k in ("observation/state", "observation.state", "state"):
            if k in obs:
                state = np.asarray(obs[k], dtype=np.float64).reshape(-1)
                break
        if prompt is None:
            return self._idle("demo policy: no instruction in the observation (send 'prompt')")
        if not isinstance(objects, dict) or not objects:
            return self._idle("demo policy: could not ground the instruction: no 'vlaplay/objects' in the observation "
                              "(the client adds it when the metadata has \"vlaplay_extras\": [\"objects\"])")
        if state is None or state.size < 8:
            return self._idle("demo policy: needs 'observation/state' float32 [8] (tool xyz, axis-angle, two fingers)")
        objs = {str(k): np.asarray(v, dtype=np.float64).reshape(-1)[:3].copy() for k, v in objects.items()}
        try:
            g = ground(prompt, list(objs))
        except GroundingError as e:
            return self._idle(f"demo policy: could not ground {prompt!r}: {e}")
        actions, phase, done = self.plan(state, objs, g)
        result: dict[str, Any] = {
            "actions": actions,
            "notes": [f"demo policy: {phase} (move {g.obj}" + (f" to {g.target})" if g.target else ")")],
        }
        if done:
            result["done"] = True
        return result

    def _idle(self, note: str) -> dict[str, Any]:
        return {"actions": np.zeros((self.horizon, 7), dtype=np.float32), "notes": [note]}

    # ------------------------------------------------------------------ planning

    def height(self, name: str) -> float:
        return self._heights.get(name, DEFAULT_HEIGHT)

    def plan(self, state: np.ndarray, objs: dict[str, np.ndarray], g: Grounding) -> tuple[np.ndarray, str, bool]:
        tool = state[:3].copy()
        width = float(abs(state[6]) + abs(state[7]))
        is_open = width >= OPEN_WIDTH
        held = None
        if not is_open and np.linalg.norm(objs[g.obj] - tool) <= HOLD_RADIUS:
            held = g.obj
        # Remember heights of things that rest (centre at half height above the table).
        for n, p in objs.items():
            if n != held and 0.005 <= p[2] <= 0.3:
                self._heights[n] = 2 * p[2]
        v = _Virtual(tool=tool, open=is_open, objects={n: p.copy() for n, p in objs.items()}, held=held)
        if held:
            v.grip_offset = objs[held] - tool
        rows: list[np.ndarray] = []
        first_phase = None
        done = False
        while len(rows) < self.horizon:
            phase, goal, grip = self._decide(v, g)
            first_phase = first_phase or phase
            if phase == "done" and not rows:
                done = True  # only when the observation itself shows the task finished
            delta = np.zeros(3)
            if goal is not None:
                d = goal - v.tool
                n = float(np.linalg.norm(d))
                delta = d if n <= self.step else d * (self.step / n)
            rows.append(np.concatenate([delta, np.zeros(3), [grip]]))
            self._advance(v, delta, grip)
        return np.asarray(rows, dtype=np.float32), first_phase or "idle", done

    def _safe_z(self, v: _Virtual, ignoring: str | None) -> float:
        tops = [0.0] + [p[2] + self.height(n) / 2 for n, p in v.objects.items() if n != ignoring and n != v.held]
        return max(tops) + CLEARANCE

    def _decide(self, v: _Virtual, g: Grounding) -> tuple[str, np.ndarray | None, float]:
        """The phase, where the tool should head next (None: stay) and the gripper command."""
        obj = v.objects[g.obj]
        if v.held == g.obj:
            h = self.height(g.obj)
            carry = self._safe_z(v, g.obj) + h / 2 + 0.02
            if g.target is None:
                lift = np.array([v.tool[0], v.tool[1], max(v.tool[2], carry)])
                if np.linalg.norm(lift - v.tool) < AT_TOL:
                    return "done", None, CLOSE
                return "lift", lift, CLOSE
            t = v.objects[g.target]
            top = t[2] + self.height(g.target) / 2
            release_centre = np.array([t[0], t[1], top + h / 2 + RELEASE_GAP])
            goal = release_centre - v.grip_offset
            return self._transfer(v, goal, carry, CLOSE, "carry", "lower", "release", OPEN)
        # Not holding it.
        if g.target is not None and self._placed(v, g):
            t = v.objects[g.target]
            up = np.array([v.tool[0], v.tool[1], max(v.tool[2], t[2] + self.height(g.target) / 2 + RETREAT + 0.02)])
            return "done", (None if np.linalg.norm(up - v.tool) < AT_TOL else up), OPEN
        if not v.open:
            return "open", None, OPEN
        cruise = max(self._safe_z(v, g.obj), obj[2] + ABOVE)
        return self._transfer(v, obj, cruise, OPEN, "approach", "descend", "grasp", CLOSE)

    def _transfer(self, v: _Virtual, goal: np.ndarray, cruise: float, grip: float,
                  across: str, down: str, final: str, final_grip: float) -> tuple[str, np.ndarray | None, float]:
        """Up to the cruise height, across, straight down, then the final gripper action."""
        t = v.tool
        horizontal = float(np.hypot(*(goal[:2] - t[:2])))
        if horizontal > ALIGNED:
            z = max(cruise, goal[2])
            if t[2] < z - 0.005 and horizontal > 0.03:
                return across, np.array([t[0], t[1], z]), grip
            return across, np.array([goal[0], goal[1], z]), grip
        if np.linalg.norm(goal - t) > AT_TOL:
            return down, goal, grip
        return final, None, final_grip

    def _placed(self, v: _Virtual, g: Grounding) -> bool:
        o, t = v.objects[g.obj], v.objects[g.target]
        return float(np.hypot(*(o[:2] - t[:2]))) <= PLACED_RADIUS and o[2] <= t[2] + self.height(g.target) / 2 + 0.02

    def _advance(self, v: _Virtual, delta: np.ndarray, grip: float) -> None:
        """The planner's own belief of what one step does (grasp at the centre, drop onto the target)."""
        v.tool = v.tool + delta
        if v.held:
            v.objects[v.held] = v.tool + v.grip_offset
        want_open = grip < 0
        if v.open and not want_open:
            obj = None
            for n, p in v.objects.items():
                if np.linalg.norm(p - v.tool) <= HOLD_RADIUS:
                    obj = n if obj is None or np.linalg.norm(p - v.tool) < np.linalg.norm(v.objects[obj] - v.tool) else obj
            v.held = obj
            if obj:
                v.grip_offset = v.objects[obj] - v.tool
        elif not v.open and want_open and v.held:
            n = v.held
            v.held = None
            # Settles on what is below: assume the highest top (or container) under it, else the table.
            p = v.objects[n]
            below = 0.0
            for m, q in v.objects.items():
                if m != n and np.hypot(*(q[:2] - p[:2])) <= PLACED_RADIUS:
                    below = max(below, q[2] - self.height(m) / 2 + 0.01)
            v.objects[n] = np.array([p[0], p[1], below + self.height(n) / 2])
        v.open = want_open
