/* true - exits 0: the program that execbench and mix exec. */
int main(void)
{
	return 0;
}
