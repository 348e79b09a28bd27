// Defaults shared by every workload, and the traits workloads.def declares.
#include "concur/workload.hpp"

#include <stdexcept>

namespace concur {
namespace {

struct DeclaredTraits {
  std::string_view name;
  WorkloadTraits traits;
};

constexpr DeclaredTraits kDeclared[] = {
#define CONCUR_WORKLOAD(id, traits, ...) {#id, traits},
#include "workloads/workloads.def"
#undef CONCUR_WORKLOAD
};

}  // namespace

std::string_view group_name(Bound bound) {
  switch (bound) {
    case Bound::cpu: return "math";
    case Bound::memory: return "memory";
    case Bound::io: return "io";
    case Bound::sharing: return "sharing";
    case Bound::stream: return "reactive";
  }
  throw std::logic_error("group_name: not a Bound");
}

WorkloadInfo declared_workload_info(std::string_view name, std::string item_unit) {
  for (const DeclaredTraits& declared : kDeclared)
    if (declared.name == name) return {std::string(name), std::move(item_unit), declared.traits};
  throw std::logic_error("declared_workload_info: '" + std::string(name) + "' has no line in workloads.def");
}

Answer Workload::combine(std::span<const TaskResult> results) const {
  Answer answer;
  for (const auto& r : results) {
    answer.value += r.value;  // unsigned: wraps modulo 2^64 by definition
    answer.items += r.items;
    if (!r.ok) {
      if (answer.failed_tasks == 0) answer.first_error = r.error_message();
      ++answer.failed_tasks;
    }
  }
  return answer;
}

}  // namespace concur
