/* placeholder: the server work replaces this */
int main(void) { return 0; }
