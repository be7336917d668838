#include "v6_support.h"
int main(void) { KT_MAIN_END(); }
