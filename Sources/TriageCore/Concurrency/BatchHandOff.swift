#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mutex and condition variable, for the two small hand-off types below.
class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    /// Runs `body` under the lock; `body` may `wait()`, and should `signal()` after changing state.
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    func wait() { pthread_cond_wait(changed, mutex) }
    func signal() { pthread_cond_broadcast(changed) }
}

/// At most `capacity` batches in existence, recycled: a fast reader cannot run ahead of the miner
/// by more than that, so memory stays bounded whatever the input size.
final class BatchPool: Monitor, @unchecked Sendable {
    private var free: [EventBatch] = []
    private var created = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(2, capacity)
        super.init()
    }

    /// An empty batch if one is free or may be made now; nil when all are in use.
    func tryTake() -> EventBatch? {
        locked {
            if let b = free.popLast() { return b }
            guard created < capacity else { return nil }
            created += 1
            return EventBatch()
        }
    }

    /// An empty batch (waits while all are in use).
    func take() -> EventBatch {
        locked {
            while free.isEmpty && created >= capacity { wait() }
            if let b = free.popLast() { return b }
            created += 1
            return EventBatch()
        }
    }

    func recycle(_ b: EventBatch) {
        b.reset()
        locked {
            free.append(b)
            signal()
        }
    }
}

/// Batches in order from one stage's thread to the next.
final class BatchQueue: Monitor, @unchecked Sendable {
    private var queue = Fifo<EventBatch>()
    private var closed = false

    func send(_ b: EventBatch) {
        locked {
            queue.append(b)
            signal()
        }
    }

    /// No more batches; `receive` returns nil once the queue is drained.
    func close() {
        locked {
            closed = true
            signal()
        }
    }

    /// The next batch, or nil when the queue is closed and empty.
    func receive() -> EventBatch? {
        locked {
            while queue.isEmpty && !closed { wait() }
            return queue.popFirst()
        }
    }

    // MARK: Masking by whichever side has time (see `Analyzer.analyze`)

    /// For the receiving side, before it masks `b` (received from this queue): waits while a
    /// helper masks it; then `b` is masked, or the caller's alone to mask.
    func claimForMasking(_ b: EventBatch) {
        locked {
            while b.maskState == .helping { wait() }
            b.maskState = .claimed
        }
    }

    /// For the sending side when it would otherwise wait: the batch sent last that nobody masks
    /// yet (the receiver gets to it last), now the caller's to mask; nil if there is none.
    func claimForHelping() -> EventBatch? {
        locked {
            guard let b = queue.waiting.last(where: { $0.maskState == .open }) else { return nil }
            b.maskState = .helping
            return b
        }
    }

    /// A helper has masked `b`.
    func helped(_ b: EventBatch) {
        locked {
            b.maskState = .claimed
            signal()
        }
    }
}
