#include "cli.h"

int main(int argc, char **argv)
{
    return yf_cli_main(argc, argv);
}
