%% agner_bench: the BEAM side of the agner benchmarks.
%%
%% The same benchmarks exist in Java for agner; the definitions below are the
%% contract both sides implement, so their numbers can be compared line by line.
%%
%% Build and run (the full size needs more than BEAM's default limit of 262,144
%% processes, hence +P; quick mode fits in the default):
%%
%%   erlc -o OUTDIR agner_bench.erl
%%   erl -noshell +S 2:2 +P 2000000 -pa OUTDIR -run agner_bench main QUICK RUNS [ONLY] -s init stop
%%
%% QUICK is "0" (full size) or "1" (every process/message/round count divided by 10,
%% see below); RUNS is the number of measured runs per benchmark; ONLY, optional, is a
%% comma-separated list of the benchmarks to run (their names as in the RESULT lines, e.g.
%% "ring,upgrade"; default: all). First one warm-up
%% run of every benchmark is done and not reported, then RUNS measured runs of each.
%% Before every run the driver waits until the processes of the previous run are
%% gone and calls garbage_collect() on itself.
%%
%% Output (stdout): a "# erts .. otp .. schedulers .." line, other "#" comment lines,
%% and one line per run and metric:  RESULT <benchmark> <metric> <value>
%% Errors go to stderr and end the VM with exit status 1.
%%
%% All times are taken with erlang:monotonic_time(). The driver is the process that
%% runs main/1.
%%
%% The driver in spawn and the consumer in fan-in keep their message queues off heap
%% (process_flag(message_queue_data, off_heap)), BEAM's own answer to a mailbox flood.
%%
%% 1. spawn: the driver spawns N = 1,000,000 processes (quick: 100,000); each sends
%%    `ready` to the driver, then waits in receive for one message, then sends `done`
%%    to the driver and exits.
%%      spawn_ms          start of spawning -> the last spawn returned.
%%      bytes_per_process (erlang:memory(processes) once all N readies are in, after
%%                        garbage_collect() of the driver - the same before spawning) / N.
%%                        Includes the driver's list of the N pids.
%%      total_ms          start of spawning -> the last `done` arrived (after the
%%                        driver sent `go` to each process), minus the time taken by the
%%                        memory measurement (the garbage_collect() and erlang:memory).
%%                        Collecting the readies is part of total_ms.
%% 2. ring: R processes in a ring, each forwarding any message to the next. The driver
%%    sends {token, M} to the first process; the first process forwards {token, K-1}
%%    for each {token, K} it gets, and tells the driver when it gets {token, 0}, i.e.
%%    after M laps = R * M hops. Timed from sending the token to the driver getting that
%%    notice; building and tearing down the ring are not timed.
%%      hops_per_s_1000x1000   R = 1,000, M = 1,000  (quick: R = 1,000, M = 100)
%%      hops_per_s_10000x100   R = 10,000, M = 100   (quick: R = 10,000, M = 10)
%% 3. ping-pong: the driver (pinger) sends {ping, self()} to a ponger, which replies
%%    `pong`; the pinger waits for it before the next ping. 1,000,000 round trips
%%    (quick: 100,000).
%%      ns_per_roundtrip       elapsed / round trips.
%% 4. fan-in: one consumer counts messages; P producers, spawned blocked on `go`, each
%%    send 1,000,000 small integers to it (quick: 100,000). Timed from just before the
%%    driver sends `go` to all producers until the consumer has counted P * 1,000,000
%%    (it then tells the driver).
%%      msgs_per_s_2           P = 2:  P * messages / seconds
%%      msgs_per_s_16          P = 16
%% 5. skynet: a 10-ary tree of processes, depth 6 below the root (1,111,111
%%    processes; quick: depth 5, 111,111). Each inner node spawns 10 children, sums
%%    their replies and sends the sum to its parent; each leaf sends its number
%%    (leaves are numbered 0..999,999; quick 0..99,999). The root's sum must be
%%    499999500000 (quick 4999950000), or the benchmark fails.
%%      wall_ms                spawning the root -> the driver has the sum.
%% 6. behaviours: gen_server and supervisor, as agner's GenServer and Supervisor.
%%      call_ns                gen_server:call round trips to a server that answers at once,
%%                             100,000 (quick: 10,000); elapsed / calls.
%%      restart_us             a one_for_one supervisor over one registered gen_server: kill it,
%%                             wait until the successor is registered, call it; 10,000 times
%%                             (quick: 1,000); elapsed / restarts.
%% 7. upgrade: a live code change of N gen_servers of one module, as OTP's release_handler
%%    upgrades them: sys:suspend on each process, one after the other; then
%%    sys:change_code(Pid, agner_bench, 1, []) on each (code_change/3 turns the state
%%    {counter, K} into {counter, K, 0}: a new field, as agner's counter gains `calls` from
%%    version 1 to 2); then sys:resume on each. Not timed: starting the N servers
%%    (gen_server:start, state {counter, 0}), casting `incr` to server i (i rem 4) times (a small
%%    state, not all the same) and checking it with a call; after the upgrade, a call to each
%%    server must answer {counter, i rem 4, 0}, or the benchmark fails. N = 1, 1,000 and 10,000;
%%    the same in quick mode (they are cheap, and the metric names carry N).
%%      window_us_N    the suspension window: the longest time any process of the module was not
%%                     serving its ordinary messages, as the upgrader sees it. Per process, from the
%%                     return of its sys:suspend (the process has acknowledged it) to the return of
%%                     its sys:resume; the window is the maximum over the N processes. On agner:
%%                     the maximum of the processes' paused() in the Upgrade that CodeServer.load
%%                     returns, which each process measures itself, from handling the upgrade's
%%                     prepare (it suspends) to handling its commit (it resumes); the upgrader-side
%%                     measure here adds at most one round trip to that.
%%      span_us_N      from just before the first sys:suspend to the return of the last sys:resume:
%%                     the whole suspension of the module as the upgrader sees it. It exceeds the
%%                     window by the resumes after the first (here they are serial). Erlang only:
%%                     agner's Upgrade records per-process pauses, not when the first suspend and
%%                     the last resume happened.
%%    N = 1, 1,000, 10,000: window_us_1, span_us_1, window_us_1000, ...
-module(agner_bench).
-export([main/1]).
%% gen_server and supervisor callbacks for benchmarks 6 and 7 (no -behaviour attributes: one
%% module serves both, told apart by init's argument).
-export([init/1, handle_call/3, handle_cast/2, code_change/3]).

-define(FULL_SPAWN, 1000000).
-define(FULL_PINGPONG, 1000000).
-define(FULL_FANIN, 1000000).
-define(FULL_SKYNET_LEAVES, 1000000).

main([QuickArg, RunsArg]) ->
    main([QuickArg, RunsArg, "all"]);
main([QuickArg, RunsArg, OnlyArg]) ->
    Quick = case QuickArg of
                "0" -> false;
                "1" -> true;
                _ -> fail("quick must be 0 or 1, got ~p", [QuickArg])
            end,
    Runs = try list_to_integer(RunsArg) of
               R when R > 0 -> R;
               _ -> fail("runs must be a positive integer, got ~p", [RunsArg])
           catch error:badarg -> fail("runs must be a positive integer, got ~p", [RunsArg])
           end,
    Div = case Quick of true -> 10; false -> 1 end,
    BaseProcs = erlang:system_info(process_count),
    check_process_limit(BaseProcs + ?FULL_SKYNET_LEAVES div Div * 10 div 9 + 1000),
    io:format("# erts ~s otp ~s schedulers ~b~n",
              [erlang:system_info(version), erlang:system_info(otp_release),
               erlang:system_info(schedulers_online)]),
    io:format("# quick ~s runs ~b~n", [QuickArg, Runs]),
    Benchmarks = select(benchmarks(Div), OnlyArg),
    lists:foreach(fun({Name, Fun}) ->
                          io:format("# warm-up ~s~n", [Name]),
                          prepare(BaseProcs),
                          _ = Fun()
                  end, Benchmarks),
    lists:foreach(fun({Name, Fun}) ->
                          lists:foreach(fun(Run) ->
                                                io:format("# ~s run ~b/~b~n", [Name, Run, Runs]),
                                                prepare(BaseProcs),
                                                report(Name, Fun())
                                        end, lists:seq(1, Runs))
                  end, Benchmarks);
main(Args) ->
    fail("usage: -run agner_bench main QUICK(0|1) RUNS [ONLY], got ~p", [Args]).

%% The benchmarks named in Only (comma-separated), in their usual order; "all": every one.
select(Benchmarks, "all") ->
    Benchmarks;
select(Benchmarks, Only) ->
    Names = string:lexemes(Only, ","),
    Known = [Name || {Name, _} <- Benchmarks],
    case [Name || Name <- Names, not lists:member(Name, Known)] of
        [] -> [B || {Name, _} = B <- Benchmarks, lists:member(Name, Names)];
        Unknown -> fail("unknown benchmarks ~p; the benchmarks are ~s", [Unknown, lists:join(",", Known)])
    end.

%% Each benchmark returns [{Metric, Value}].
benchmarks(Div) ->
    [{"spawn", fun() -> bench_spawn(?FULL_SPAWN div Div) end},
     {"ring", fun() ->
                      [{"hops_per_s_1000x1000", bench_ring(1000, 1000 div Div)},
                       {"hops_per_s_10000x100", bench_ring(10000, 100 div Div)}]
              end},
     {"ping-pong", fun() -> [{"ns_per_roundtrip", bench_pingpong(?FULL_PINGPONG div Div)}] end},
     {"fan-in", fun() ->
                        [{"msgs_per_s_2", bench_fanin(2, ?FULL_FANIN div Div)},
                         {"msgs_per_s_16", bench_fanin(16, ?FULL_FANIN div Div)}]
                end},
     {"skynet", fun() -> [{"wall_ms", bench_skynet(?FULL_SKYNET_LEAVES div Div)}] end},
     {"behaviours", fun() ->
                            [{"call_ns", bench_call(100000 div Div)},
                             {"restart_us", bench_restart(10000 div Div)}]
                    end},
     %% The same N in quick mode: see 7. in the header.
     {"upgrade", fun() -> lists:append([bench_upgrade(N) || N <- [1, 1000, 10000]]) end}].

%% ---------------------------------------------------------------- 1. spawn

bench_spawn(N) ->
    Driver = self(),
    %% A million `ready`s land in the driver's mailbox: keep them off its heap, as an
    %% Erlang programmer would for a process that takes a flood (BEAM's best setting).
    OldMqd = process_flag(message_queue_data, off_heap),
    MemBefore = erlang:memory(processes),
    T0 = now_native(),
    Pids = spawn_waiters(N, Driver, []),
    TSpawned = now_native(),
    await_n(ready, N),
    TMem0 = now_native(),
    garbage_collect(),
    MemAfter = erlang:memory(processes),
    TMem1 = now_native(),
    lists:foreach(fun(Pid) -> Pid ! go end, Pids),
    await_n(done, N),
    TDone = now_native(),
    process_flag(message_queue_data, OldMqd),
    [{"spawn_ms", ms(TSpawned - T0)},
     {"bytes_per_process", (MemAfter - MemBefore) / N},
     {"total_ms", ms((TDone - T0) - (TMem1 - TMem0))}].

spawn_waiters(0, _Driver, Pids) ->
    Pids;
spawn_waiters(K, Driver, Pids) ->
    Pid = spawn(fun() ->
                        Driver ! ready,
                        receive _ -> Driver ! done end
                end),
    spawn_waiters(K - 1, Driver, [Pid | Pids]).

%% Receives exactly K copies of Msg.
await_n(_Msg, 0) -> ok;
await_n(Msg, K) -> receive Msg -> await_n(Msg, K - 1) end.

%% ---------------------------------------------------------------- 2. ring

%% Returns hops per second for a ring of R processes and M laps.
bench_ring(R, M) ->
    Driver = self(),
    First = spawn(fun() -> receive {next, Next} -> ring_first(Driver, Next) end end),
    %% Build backwards from the first process: the last one spawned is the second.
    Second = lists:foldl(fun(_, Next) -> spawn(fun() -> ring_node(Next) end) end,
                         First, lists:seq(2, R)),
    First ! {next, Second},
    T0 = now_native(),
    First ! {token, M},
    receive ring_done -> ok end,
    T1 = now_native(),
    First ! stop,
    receive ring_down -> ok end,
    R * M / seconds(T1 - T0).

%% The first process counts the laps.
ring_first(Driver, Next) ->
    receive
        {token, 0} ->
            Driver ! ring_done,
            ring_first(Driver, Next);
        {token, Laps} ->
            Next ! {token, Laps - 1},
            ring_first(Driver, Next);
        stop ->
            %% `stop` goes round once, every other process exits after forwarding it.
            Next ! stop,
            receive stop -> Driver ! ring_down end
    end.

ring_node(Next) ->
    receive
        stop -> Next ! stop;
        Msg -> Next ! Msg, ring_node(Next)
    end.

%% ---------------------------------------------------------------- 3. ping-pong

%% Returns nanoseconds per round trip.
bench_pingpong(N) ->
    Ponger = spawn(fun pong/0),
    T0 = now_native(),
    ping(Ponger, self(), N),
    T1 = now_native(),
    Ponger ! stop,
    ns(T1 - T0) / N.

ping(_Ponger, _Self, 0) ->
    ok;
ping(Ponger, Self, K) ->
    Ponger ! {ping, Self},
    receive pong -> ping(Ponger, Self, K - 1) end.

pong() ->
    receive
        {ping, From} -> From ! pong, pong();
        stop -> ok
    end.

%% ---------------------------------------------------------------- 4. fan-in

%% Returns messages per second for P producers sending N messages each.
bench_fanin(P, N) ->
    Driver = self(),
    Total = P * N,
    %% off_heap message queue: BEAM's setting for a process that takes a flood.
    Consumer = spawn_opt(fun() -> consume(Total, Driver) end, [{message_queue_data, off_heap}]),
    Producers = [spawn(fun() -> receive go -> produce(Consumer, N) end end)
                 || _ <- lists:seq(1, P)],
    T0 = now_native(),
    lists:foreach(fun(Producer) -> Producer ! go end, Producers),
    receive fanin_done -> ok end,
    T1 = now_native(),
    Total / seconds(T1 - T0).

consume(0, Driver) ->
    Driver ! fanin_done;
consume(K, Driver) ->
    receive _ -> consume(K - 1, Driver) end.

produce(_Consumer, 0) ->
    ok;
produce(Consumer, K) ->
    Consumer ! K,
    produce(Consumer, K - 1).

%% ---------------------------------------------------------------- 5. skynet

%% Returns wall-clock milliseconds for a tree with Leaves leaves (a power of 10).
bench_skynet(Leaves) ->
    Driver = self(),
    T0 = now_native(),
    spawn(fun() -> skynet(Driver, 0, Leaves) end),
    Sum = receive S when is_integer(S) -> S end,
    T1 = now_native(),
    case Leaves * (Leaves - 1) div 2 of
        Sum -> ok;
        Expected -> fail("skynet: wrong sum ~b, expected ~b", [Sum, Expected])
    end,
    ms(T1 - T0).

%% Sends Parent the sum of Num .. Num + Size - 1, as a leaf (Size 1) or by
%% spawning 10 children for the ten sub-ranges.
skynet(Parent, Num, 1) ->
    Parent ! Num;
skynet(Parent, Num, Size) ->
    Sub = Size div 10,
    spawn_children(self(), Num, Sub, 0),
    Parent ! collect(10, 0).

spawn_children(_Self, _Num, _Sub, 10) ->
    ok;
spawn_children(Self, Num, Sub, I) ->
    spawn(fun() -> skynet(Self, Num + I * Sub, Sub) end),
    spawn_children(Self, Num, Sub, I + 1).

collect(0, Sum) -> Sum;
collect(K, Sum) -> receive N -> collect(K - 1, Sum + N) end.

%% ---------------------------------------------------------------- 6. behaviours

%% Nanoseconds per gen_server:call round trip to a server that answers at once.
bench_call(N) ->
    {ok, Pid} = gen_server:start(?MODULE, server, []),
    T0 = now_native(),
    call_loop(Pid, N),
    T1 = now_native(),
    gen_server:stop(Pid),
    ns(T1 - T0) / N.

call_loop(_Pid, 0) -> ok;
call_loop(Pid, K) -> go = gen_server:call(Pid, go), call_loop(Pid, K - 1).

%% Microseconds per supervisor restart: kill the registered worker, wait until its successor
%% is registered, call it.
bench_restart(N) ->
    %% The supervisor logs an error report per kill; keep them off stdout (our RESULT channel).
    #{level := OldLevel} = logger:get_primary_config(),
    ok = logger:set_primary_config(level, critical),
    {ok, Sup} = supervisor:start_link(?MODULE, sup),
    unlink(Sup),
    T0 = now_native(),
    restart_loop(N),
    T1 = now_native(),
    Ref = monitor(process, Sup),
    exit(Sup, shutdown),
    receive {'DOWN', Ref, process, Sup, _} -> ok end,
    ok = logger:set_primary_config(level, OldLevel),
    ns(T1 - T0) / 1000 / N.

restart_loop(0) -> ok;
restart_loop(K) ->
    Old = whereis(bench_worker),
    exit(Old, kill),
    wait_successor(Old),
    go = gen_server:call(bench_worker, go),
    restart_loop(K - 1).

wait_successor(Old) ->
    case whereis(bench_worker) of
        undefined -> wait_successor(Old);
        Old -> wait_successor(Old);
        _New -> ok
    end.

init(server) ->
    {ok, 0};
init(counter) ->
    {ok, {counter, 0}};
init(sup) ->
    {ok, {#{strategy => one_for_one, intensity => 100000000, period => 1},
          [#{id => w, start => {gen_server, start_link, [{local, bench_worker}, ?MODULE, server, []]}}]}}.

handle_call(get, _From, {counter, _} = State) -> {reply, State, State};
handle_call(get, _From, {counter, _, _} = State) -> {reply, State, State};
handle_call(Request, _From, State) -> {reply, Request, State}.

handle_cast(incr, {counter, K}) -> {noreply, {counter, K + 1}};
handle_cast(_Request, State) -> {noreply, State}.

%% Version 1 -> 2 of the upgrade benchmark's counter: one new field.
code_change(1, {counter, K}, _Extra) -> {ok, {counter, K, 0}}.

%% ---------------------------------------------------------------- 7. upgrade

%% [{"window_us_N", _}, {"span_us_N", _}] for one upgrade of N counters.
bench_upgrade(N) ->
    Pids = [begin {ok, Pid} = gen_server:start(?MODULE, counter, []), Pid end || _ <- lists:seq(1, N)],
    Numbered = lists:zip(lists:seq(0, N - 1), Pids),
    lists:foreach(fun({I, Pid}) -> [gen_server:cast(Pid, incr) || _ <- lists:seq(1, I rem 4)] end, Numbered),
    lists:foreach(fun({I, Pid}) -> expect(Pid, {counter, I rem 4}) end, Numbered),
    T0 = now_native(),
    Suspended = [begin ok = sys:suspend(Pid), now_native() end || Pid <- Pids],
    lists:foreach(fun(Pid) -> ok = sys:change_code(Pid, ?MODULE, 1, []) end, Pids),
    Resumed = [begin ok = sys:resume(Pid), now_native() end || Pid <- Pids],
    T1 = lists:last(Resumed),
    Window = lists:max([R - S || {S, R} <- lists:zip(Suspended, Resumed)]),
    lists:foreach(fun({I, Pid}) -> expect(Pid, {counter, I rem 4, 0}) end, Numbered),
    lists:foreach(fun(Pid) -> exit(Pid, kill) end, Pids),
    Suffix = integer_to_list(N),
    [{"window_us_" ++ Suffix, ns(Window) / 1000},
     {"span_us_" ++ Suffix, ns(T1 - T0) / 1000}].

expect(Pid, Expected) ->
    case gen_server:call(Pid, get) of
        Expected -> ok;
        Other -> fail("upgrade: ~p answered ~p, expected ~p", [Pid, Other, Expected])
    end.

%% ---------------------------------------------------------------- helpers

now_native() -> erlang:monotonic_time().

ns(Native) -> erlang:convert_time_unit(Native, native, nanosecond).

ms(Native) -> ns(Native) / 1.0e6.

seconds(Native) -> ns(Native) / 1.0e9.

%% Before a run: wait (up to 10 s) until only the processes that existed before the
%% first benchmark remain, then collect the driver's garbage.
prepare(BaseProcs) ->
    wait_for_processes(BaseProcs, 10000),
    garbage_collect().

wait_for_processes(BaseProcs, MillisLeft) ->
    Count = erlang:system_info(process_count),
    if
        Count =< BaseProcs -> ok;
        MillisLeft =< 0 -> io:format("# still ~b processes (expected ~b), going on~n",
                                     [Count, BaseProcs]);
        true -> receive after 1 -> wait_for_processes(BaseProcs, MillisLeft - 1) end
    end.

check_process_limit(Needed) ->
    case erlang:system_info(process_limit) of
        Limit when Limit >= Needed -> ok;
        Limit -> fail("process limit is ~b, this size needs about ~b: "
                      "start erl with +P 2000000", [Limit, Needed])
    end.

report(Name, Metrics) ->
    lists:foreach(fun({Metric, Value}) ->
                          io:format("RESULT ~s ~s ~s~n", [Name, Metric, format_number(Value)])
                  end, Metrics).

format_number(V) when is_integer(V) -> integer_to_list(V);
format_number(V) when is_float(V) -> float_to_list(V, [{decimals, 3}]).

fail(Format, Args) ->
    io:format(standard_error, "agner_bench: " ++ Format ++ "~n", Args),
    erlang:halt(1).
