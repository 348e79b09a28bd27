// A race measured: threads add to one shared counter, reading and writing
// it in two steps (as CPython's `counter += 1` does in several bytecodes),
// then the same under a mutex.
#pragma once

#include "course/course_facts.hpp"

namespace concur::course {

RaceFacts measure_races(unsigned threads, std::uint64_t increments, unsigned repetitions);

}  // namespace concur::course
