import Policy
import Render
import World

extension Observation {
    /// What `policy` sees of `state`: privileged state if it asks, and images of
    /// only the cameras it reads, drawn by the one rasteriser. Every driver (the
    /// runner, the TUI, the recorder) observes through this, so they agree.
    public static func of(_ model: WorldModel, _ state: WorldState, for policy: any Policy) -> Observation {
        let render: CameraRenderer? = policy.cameras.isEmpty ? nil : renderCamera
        return Observation(model, state, for: policy, render: render)
    }
}

@Sendable func renderCamera(_ model: WorldModel, _ state: WorldState, _ camera: CameraSpec) -> RGBImage {
    ImageRenderer.render(model, state, camera: camera)
}
