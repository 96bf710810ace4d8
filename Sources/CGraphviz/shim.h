// Graphviz's layout and rendering API (libgvc) with its graph library (libcgraph).
#include <graphviz/gvc.h>
