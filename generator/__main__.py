from generator.cli.launch import main

main()
