/// A value computed on another thread while the caller goes on (e.g. the runbook library is parsed
/// while the logs are read); `value` waits for it.
public final class Background<T>: @unchecked Sendable {
    /// Shared with the thread, which keeps it alive even if nobody asks for the value.
    private final class Slot: @unchecked Sendable { var result: T? }
    private let slot = Slot()
    private var thread: WorkerThread?

    public init(_ compute: @escaping () -> T) {
        let slot = self.slot
        thread = WorkerThread { slot.result = compute() }
    }

    /// Waits for the computation (once) and returns its value.
    public var value: T {
        if let t = thread {
            t.join()
            thread = nil
        }
        return slot.result!
    }
}
