// The mpi model: a task farm over MPI ranks (Open MPI), the counterpart of
// the threads model's atomic counter across processes and machines. Rank 0
// (this process, the CLI) hands out ranges of task indices (guided sizes,
// mpi/range_farm.hpp); worker ranks run Workload::run_task over a range and
// send its TaskResults back as bytes in one message; rank 0 combines and
// verifies as for every model.
//
// Ranks come from `mpirun`/`srun` when the CLI was launched by one (every
// rank but 0 is a worker), else this process spawns them (MPI_Comm_spawn
// from a singleton) on first use and keeps them for every later mpi cell.
// Starting them is measured apart from the cells: prepare() runs outside
// the timer; run() is the farm only (hand-out, compute, results back).
// Everything MPI is in src/models/mpi/, built only with MPI (CONCUR_MPI).
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/model.hpp"
#include "concur/options.hpp"
#include "concur/plugin.hpp"
#include "models/mpi/entry.hpp"

#if defined(CONCUR_HAVE_MPI)
#include "models/mpi/local_processes.hpp"
#include "models/mpi/protocol.hpp"
#include "models/mpi/session.hpp"
#endif

namespace concur {
namespace {

// The mpi model's own setting (--hostfile), held in Options::plugins.
struct MpiOptions {
  static constexpr std::string_view key = "mpi";
  std::string hostfile;  // where the self-started worker ranks run (Open MPI hostfile)
};

class MpiModel final : public Model {
 public:
  explicit MpiModel(const Options& options) : options_(options) {}

  const ModelInfo& info() const override { return info_; }

  Availability availability() const override {
#if defined(CONCUR_HAVE_MPI)
    return Availability::yes();
#else
    return Availability::no("not built (" CONCUR_MPI_MISSING ")");
#endif
  }

  // Ranks send task results back as bytes; workloads whose answer lives in
  // memory shared with the coordinator (stream's array, contention's
  // counter, pipeline's alert log) cannot be farmed out to other processes.
  Availability supports(const Workload& workload) const override {
    if (!workload.info().traits.answer_in_shared_memory) return Availability::yes();
    return Availability::no("its answer lives in memory shared with this process; ranks only send results back");
  }

#if defined(CONCUR_HAVE_MPI)
  void prepare(const Workload& workload, unsigned workers) const override {
    mpi::prepare_ranks(mpi::encode_cell(workload.info().name, options_), workers,
                       options_.plugins.get<MpiOptions>().hostfile);
  }

  RunOutcome run(Workload& workload, unsigned workers) const override {
    return mpi::run_farm(workload.task_count(), workers);
  }
#else
  RunOutcome run(Workload&, unsigned) const override {
    RunOutcome outcome;
    outcome.error = "mpi: not built (" CONCUR_MPI_MISSING ")";
    return outcome;
  }
#endif

 private:
  Options options_;
  ModelInfo info_{"mpi", "a task farm over MPI ranks (Open MPI): rank 0 hands out ranges of tasks"};
};

}  // namespace

std::optional<int> run_as_mpi_worker_if_launched(int argc, char** argv) {
#if defined(CONCUR_HAVE_MPI)
  if (argc > 1 && std::string_view(argv[1]) == kMpiWorkerFlag)
    return mpi::spawned_worker_main(argc, argv);
  if (argc > 1 && std::string_view(argv[1]) == kMpiLaunchAgentFlag)
    return mpi::launch_agent_main(argc - 2, argv + 2);
  if (int code = mpi::init_if_launched(argc, argv); code >= 0) return code;
#else
  (void)argc;
  (void)argv;
#endif
  return std::nullopt;
}

std::string mpi_library_version() {
#if defined(CONCUR_HAVE_MPI)
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  return version.substr(0, version.find(','));
#else
  return "not built (" CONCUR_MPI_MISSING ")";
#endif
}

void describe_mpi_model(PluginTraits& traits) {
  traits.libraries.push_back({"MPI", mpi_library_version()});
  traits.add_flags = [](CLI::App& command, Options& options) {
    command.add_option("--hostfile", options.plugins.get<MpiOptions>().hostfile,
                       "mpi: start the worker ranks on the hosts of this Open MPI hostfile")
        ->type_name("FILE");
  };
}

namespace {

// The hostfile is read by us (to name a host that does not resolve) and by
// Open MPI: a regular file of reasonable size, or a usage error now, not a
// read that never ends (/dev/zero, a FIFO) half-way through a run.
void check_hostfile(const std::string& path) {
  constexpr off_t kMaxBytes = 1 << 20;  // far more than any cluster's host list
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || ::access(path.c_str(), R_OK) != 0)
    throw UsageError(fmt::format("--hostfile '{}': cannot read it", path));
  if (!S_ISREG(st.st_mode))
    throw UsageError(fmt::format("--hostfile '{}': not a regular file", path));
  if (st.st_size > kMaxBytes)
    throw UsageError(fmt::format("--hostfile '{}': {} bytes, more than a hostfile's {} at most", path,
                                 st.st_size, kMaxBytes));
}

}  // namespace

std::unique_ptr<Model> make_mpi_model(const Options& options) {
  if (const std::string hostfile = options.plugins.get<MpiOptions>().hostfile; !hostfile.empty())
    check_hostfile(hostfile);
  return std::make_unique<MpiModel>(options);
}

}  // namespace concur
