#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain POSIX thread running one closure; `join` waits for it. The engine's pipeline needs
/// exactly one long-lived thread per stage, not a task scheduler.
final class WorkerThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    #if canImport(Glibc)
        private var thread = pthread_t()
    #else
        private var thread: pthread_t?
    #endif

    init(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { arg in
                Unmanaged<Body>.fromOpaque(arg!).takeRetainedValue().run()
                return nil
            }, context)
        if rc != 0 {
            // No thread (resource limits): run inline rather than fail the analysis.
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            started = false
        }
    }

    private var started = true

    func join() {
        guard started else { return }
        #if canImport(Glibc)
            pthread_join(thread, nil)
        #else
            if let thread { pthread_join(thread, nil) }
        #endif
        started = false
    }
}

/// Hands batches from one producer thread to one consumer thread, in order, with at most
/// `capacity` batches in existence (so a fast reader cannot run ahead of the miner by more than
/// that and memory stays bounded). Batches are recycled, not reallocated.
final class BatchPipe: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var full: [EventBatch] = []
    private var free: [EventBatch] = []
    private var created = 0
    private var closed = false
    let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = max(2, capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// An empty batch to fill (waits while `capacity` batches are in use).
    func emptyBatch() -> EventBatch {
        locked {
            while free.isEmpty && created >= capacity { pthread_cond_wait(changed, mutex) }
            if let b = free.popLast() { return b }
            created += 1
            return EventBatch()
        }
    }

    /// Passes a filled batch to the consumer.
    func send(_ b: EventBatch) {
        locked {
            full.append(b)
            pthread_cond_broadcast(changed)
        }
    }

    /// The producer is done; `receive` returns nil once the queue is drained.
    func close() {
        locked {
            closed = true
            pthread_cond_broadcast(changed)
        }
    }

    /// The next batch in order, or nil when the producer closed the pipe and all were received.
    func receive() -> EventBatch? {
        locked {
            while full.isEmpty && !closed { pthread_cond_wait(changed, mutex) }
            return full.isEmpty ? nil : full.removeFirst()
        }
    }

    /// Returns a consumed batch for reuse.
    func recycle(_ b: EventBatch) {
        b.reset()
        locked {
            free.append(b)
            pthread_cond_broadcast(changed)
        }
    }
}
