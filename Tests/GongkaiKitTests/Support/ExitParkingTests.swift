import Testing
@testable import GongkaiKit

@Suite("Exit parking")
struct ExitParkingTests {
    final class Large {}

    /// Held values live as long as the parking, and a parking ended without release lives on (the
    /// process's exit reclaims it); ended with release, it and its values go as usual.
    @Test(arguments: [true, false])
    func heldValuesAreFreedOnlyWhenReleased(release: Bool) {
        weak var large: Large?
        weak var parkingGone: ExitParking?
        do {
            let parking = ExitParking()
            let value = Large()
            large = value
            parking.hold((value, [1, 2, 3]))
            parkingGone = parking
            parking.end(release: release)
        }
        #expect((large == nil) == release)
        #expect((parkingGone == nil) == release)
    }
}
