/// Small maths without Foundation on the hot path.
extension Double {
    /// ln(x) without Foundation.
    var naturalLog: Double {
        guard self > 0 else { return -.infinity }
        var k = 0.0
        var y = self
        while y > 2 { y /= 2.718281828459045; k += 1 }
        while y < 0.5 { y *= 2.718281828459045; k -= 1 }
        let z = (y - 1) / (y + 1)
        var term = z
        var sum = 0.0
        var n = 1.0
        while abs(term) > 1e-15 {
            sum += term / n
            term *= z * z
            n += 2
        }
        return k + 2 * sum
    }
}
