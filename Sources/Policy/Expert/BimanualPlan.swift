import Foundation
import Kinematics
import Spatial
import World

/// Two arms: one hands an object to the other at a meeting point between them.
extension ExpertPlanner {
    func handoverPlan(_ i: Int, from giver: Int, to receiver: Int) -> Plan {
        let held = state.objects[i].heldBy
        if held == nil { return pickPlan(i, arm: giver) }
        if held == receiver {
            // The receiver has it: the giver lets go and backs off.
            var intents = gripperIntents(giver, open: true)
            intents += moveArm(giver, to: [tool(giver) + Vec3(0, 0, 0.06)], open: true)
            return .success((Array(intents.prefix(horizon)), false, nil))
        }
        // The meeting point: between the two arms' home tool points, raised.
        let base = model.basePose(state)
        let homes = model.robot.arms.map { base * $0.chain.pose(model.robot.home).translation }
        let meet = Vec3((homes[0].x + homes[1].x) / 2, (homes[0].y + homes[1].y) / 2 + 0.05, max(homes[0].z, homes[1].z) - 0.1)
        if length(tool(giver) - meet) > 0.006 {
            var intents = transfer(giver, to: meet, safeZ: meet.z, open: false)
            // Meanwhile the receiver comes near, open.
            let wait = meet + (homes[receiver] - meet) * 0.4
            let receiverMoves = moveArm(receiver, to: [wait], open: true)
            for k in intents.indices where k < receiverMoves.count { intents[k].tools[receiver] = receiverMoves[k].tools[receiver]; intents[k].open[receiver] = true }
            return .success((intents, false, nil))
        }
        let obj = state.objects[i].pose.translation
        if length(tool(receiver) - obj) > 0.006 {
            var intents = moveArm(receiver, to: [obj], open: true, settle: 2)
            for k in intents.indices { intents[k].open[giver] = false }
            return .success((intents, false, nil))
        }
        var intents = gripperIntents(receiver, open: false)
        for k in intents.indices { intents[k].open[giver] = false }
        return .success((intents, false, nil))
    }
}
