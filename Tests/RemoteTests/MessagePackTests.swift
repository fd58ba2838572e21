import Testing
@testable import Remote
