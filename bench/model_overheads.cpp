// What a worker costs: the models' own overheads, measured with empty work,
// so the main table's speedups can be read against them.
//   ./build/release/bench/concur_overheads
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "concur/registry.hpp"

namespace {

// Spawn + join of N std::threads doing nothing.
void BM_ThreadSpawnJoin(benchmark::State& state) {
  const auto n = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    std::vector<std::jthread> threads;
    for (unsigned i = 0; i < n; ++i) threads.emplace_back([] {});
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ThreadSpawnJoin)->Arg(1)->Arg(2)->Arg(10)->UseRealTime();

// fork() a child that writes 8 bytes to a pipe and exits; read them; reap.
void BM_ForkPipeRoundTrip(benchmark::State& state) {
  for (auto _ : state) {
    int fds[2];
    if (pipe(fds) != 0) state.SkipWithError("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
      std::uint64_t value = 42;
      ssize_t written = write(fds[1], &value, sizeof value);
      _exit(written == sizeof value ? 0 : 1);
    }
    close(fds[1]);
    std::uint64_t value = 0;
    if (read(fds[0], &value, sizeof value) != sizeof value) state.SkipWithError("read failed");
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
  }
}
BENCHMARK(BM_ForkPipeRoundTrip)->UseRealTime();

// A workload whose tasks do nothing: the time per task is pure dispatch.
class EmptyWorkload final : public concur::Workload {
 public:
  explicit EmptyWorkload(std::size_t tasks) : tasks_(tasks) {}
  const concur::WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return tasks_; }
  std::uint64_t items() const override { return tasks_; }
  concur::TaskResult run_task(std::size_t index, concur::TaskContext&) const override {
    concur::TaskResult r;
    r.value = index;
    return r;
  }
  concur::Verdict verify(const concur::Answer&) const override { return concur::Verdict::pass(); }

 private:
  concur::WorkloadInfo info_{"empty", "tasks", {}};
  std::size_t tasks_;
};

// Whole-model cost for 10,000 empty tasks on 2 workers: spawn + dispatch.
void BM_ModelDispatch(benchmark::State& state, std::string_view model_name) {
  auto model = concur::find_model(model_name)->make(concur::Options{});
  EmptyWorkload workload(10'000);
  for (auto _ : state) {
    auto outcome = model->run(workload, 2);
    benchmark::DoNotOptimize(outcome.results.data());
  }
  state.SetItemsProcessed(state.iterations() * 10'000);
  state.SetLabel("items/s = tasks dispatched per second");
}

// The fixed cost of one run: 2 empty tasks on 2 workers, so what is left is
// starting and stopping the workers (spawn + join for threads, wake + wait
// for pool, fork + reap for processes).
void BM_ModelRunCost(benchmark::State& state, std::string_view model_name) {
  auto model = concur::find_model(model_name)->make(concur::Options{});
  EmptyWorkload workload(2);
  model->prepare(workload, 2);
  for (auto _ : state) {
    auto outcome = model->run(workload, 2);
    benchmark::DoNotOptimize(outcome.results.data());
  }
}

// One BM_ModelDispatch and one BM_ModelRunCost per registered model that
// runs CPU tasks here.
const bool registered = [] {
  EmptyWorkload probe(1);
  for (const auto& entry : concur::model_registry()) {
    auto model = entry.make(concur::Options{});
    if (!model->availability().ok || !model->supports(probe).ok) continue;
    benchmark::RegisterBenchmark(("BM_ModelDispatch/" + std::string(entry.name)).c_str(),
                                 BM_ModelDispatch, entry.name)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_ModelRunCost/" + std::string(entry.name)).c_str(),
                                 BM_ModelRunCost, entry.name)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace
