# Latency of a container upcall against each scaling axis (bench/scaling.sh
# data, run in the bench output directory): each curve is a ratio to its
# first point, so a flat line at 1 is a constant cost; the second curve of
# a panel is each point over the host rule measured in alternation with
# it, which a load that changed between points does not move.
# The keys panel is on a log scale: the /proc/keys reads grow by 1000s.
set terminal pngcairo size 2000,480 font ",10"
set output "scaling.png"
set multiplot layout 1,4 title "upcall-broker: latency vs machine size (ratio to the first point, same run)"
set grid
set key top left
set ylabel "median latency / first point"

set xlabel "keys in /proc/keys"
set logscale y
stats "scaling-keys.dat" every ::0::0 using 2 nooutput name "K_CAP"
stats "scaling-keys.dat" every ::0::0 using 3 nooutput name "K_REQ"
stats "scaling-keys.dat" every ::0::0 using 5 nooutput name "K_NO"
stats "scaling-keys.dat" every ::0::0 using 4 nooutput name "K_ROOT"
plot "scaling-keys.dat" using 1:($2/K_CAP_min) with linespoints title "[container], kernel hand-over", \
     "" using 1:($3/K_REQ_min) with linespoints title "[container] rule, host requester (/proc/keys)", \
     "" using 1:($5/K_NO_min) with linespoints title "floor: read /proc/keys owning nothing", \
     "" using 1:($4/K_ROOT_min) with linespoints title "read /proc/keys as root"

unset logscale y
set yrange [0:1.5<*]
set xlabel "processes in the init's cgroups"
stats "scaling-procs.dat" every ::0::0 using 2 nooutput name "P_CAP"
stats "scaling-procs.dat" every ::0::0 using ($2/$3) nooutput name "P_REL"
plot "scaling-procs.dat" using 1:($2/P_CAP_min) with linespoints title "[container]", \
     "" using 1:(($2/$3)/P_REL_min) with linespoints title "[container] over the paired host rule", 1 with lines dt 2 title "constant"

set xlabel "containers on the machine"
stats "scaling-containers.dat" every ::0::0 using 2 nooutput name "C_CAP"
stats "scaling-containers.dat" every ::0::0 using ($2/$3) nooutput name "C_REL"
plot "scaling-containers.dat" using 1:($2/C_CAP_min) with linespoints title "[container]", \
     "" using 1:(($2/$3)/C_REL_min) with linespoints title "[container] over the paired host rule", 1 with lines dt 2 title "constant"

set xlabel "mounts in the host's mount namespace"
stats "scaling-mounts.dat" every ::0::0 using 2 nooutput name "M_CAP"
stats "scaling-mounts.dat" every ::0::0 using ($2/$3) nooutput name "M_REL"
plot "scaling-mounts.dat" using 1:($2/M_CAP_min) with linespoints title "[container]", \
     "" using 1:(($2/$3)/M_REL_min) with linespoints title "[container] over the paired host rule", 1 with lines dt 2 title "constant"
unset multiplot
