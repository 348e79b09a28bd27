// MachineInfo and MachineState live in the public vocabulary: a report
// carries them.
#pragma once

#include "concur/machine.hpp"
